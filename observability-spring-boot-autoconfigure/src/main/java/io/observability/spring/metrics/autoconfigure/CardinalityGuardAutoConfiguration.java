package io.observability.spring.metrics.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.observability.spring.metrics.CardinalityGuardMeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the
 * {@link CardinalityGuardMeterFilter cardinality guard}.
 * <p>
 * Spring Boot applies {@code MeterFilter} beans to every meter registry except its
 * auto-configured composite, which then keeps one meter per distinct tag value however
 * many its children collapse (spring-boot#47285). The guard is therefore also added to
 * composite registries, so that a composite and its children keep the same bounded set of
 * meters. A registry that gets the guard twice is not affected: values the guard has
 * admitted, and its replacement value, pass unchanged.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = MetricsAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, MeterRegistryCustomizer.class })
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CardinalityGuardProperties.class)
public final class CardinalityGuardAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	CardinalityGuardMeterFilter cardinalityGuardMeterFilter(CardinalityGuardProperties properties) {
		return new CardinalityGuardMeterFilter(properties.getMaxTagValues());
	}

	@Bean
	MeterRegistryCustomizer<CompositeMeterRegistry> cardinalityGuardCompositeMeterRegistryCustomizer(
			CardinalityGuardMeterFilter cardinalityGuard) {
		return (registry) -> registry.config().meterFilter(cardinalityGuard);
	}

}
