package io.observability.spring.masking.autoconfigure;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationFilter;
import io.observability.spring.masking.MaskingProperties;
import io.observability.spring.masking.internal.MaskingPolicy;
import io.observability.spring.masking.internal.MaskingSpanExporter;
import io.observability.spring.masking.internal.QueryStringMeterFilter;
import io.observability.spring.masking.internal.QueryStringObservationFilter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the masking policy outside the
 * console: every {@link SpanExporter} bean is decorated so that span attributes, events
 * and status descriptions are masked before export, and an {@link ObservationFilter} and
 * a {@link MeterFilter} keep query strings out of {@code uri} tags and URL span
 * attributes.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.masking.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MaskingProperties.class)
public final class MaskingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MaskingPolicy maskingPolicy(MaskingProperties properties) {
		return MaskingPolicy.of(properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationFilter.class)
	static class ObservationMaskingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		QueryStringObservationFilter queryStringObservationFilter(MaskingPolicy maskingPolicy) {
			return new QueryStringObservationFilter(maskingPolicy);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterFilter.class)
	@ConditionalOnBooleanProperty(name = "observability.masking.keep-query-strings", havingValue = false,
			matchIfMissing = true)
	static class MeterMaskingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		QueryStringMeterFilter queryStringMeterFilter() {
			return new QueryStringMeterFilter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SpanExporter.class)
	static class SpanMaskingConfiguration {

		@Bean
		static BeanPostProcessor maskingSpanExporterBeanPostProcessor(ObjectProvider<MaskingPolicy> maskingPolicy) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof SpanExporter exporter && !(bean instanceof MaskingSpanExporter)) {
						return new MaskingSpanExporter(exporter, maskingPolicy.getObject());
					}
					return bean;
				}

			};
		}

	}

}
