package io.observability.spring.metrics.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.observability.spring.metrics.internal.CardinalityGuardMeterFilter;

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
 * <p>
 * The guard is ordered last among {@code MeterFilter} beans, so that it counts the tag
 * values that the application's own filters leave, for example after they have collapsed
 * paths into a pattern, and sees Spring Boot's common tags. Filters without an order sort
 * last too; among those, the application's come first, as auto-configured beans are
 * registered after them. The order of a filter that denies meters, such as Spring Boot's
 * caps on the {@code uri} tag, does not matter: a registry maps a meter's ID with all of
 * its filters before any of them accepts or denies it. The composite registry gets only
 * the guard and those caps from Spring Boot (spring-boot#47285), so there the guard
 * counts values that the application's filters have not yet changed.
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
	@Order(Ordered.LOWEST_PRECEDENCE)
	CardinalityGuardMeterFilter cardinalityGuardMeterFilter(CardinalityGuardProperties properties) {
		return new CardinalityGuardMeterFilter(properties.getMaxTagValues(), properties.getMaxTagKeys(),
				properties.getMaxSeriesPerMeter(), properties.getMaxTagValueLength());
	}

	@Bean
	MeterRegistryCustomizer<CompositeMeterRegistry> cardinalityGuardCompositeMeterRegistryCustomizer(
			CardinalityGuardMeterFilter cardinalityGuard) {
		return (registry) -> registry.config().meterFilter(cardinalityGuard);
	}

}
