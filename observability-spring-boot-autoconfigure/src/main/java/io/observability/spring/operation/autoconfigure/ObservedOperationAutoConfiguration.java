package io.observability.spring.operation.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.aop.ObservationKeyValueAnnotationHandler;
import io.micrometer.observation.aop.ObservedAspect;
import io.observability.spring.operation.ObservedOperation;
import io.observability.spring.operation.ObservedOperationAspect;
import io.observability.spring.operation.ObservedOperationSkipPredicate;
import io.observability.spring.operation.OperationHistogramMeterFilter;
import io.observability.spring.operation.OperationLoggingObservationHandler;
import io.observability.spring.operation.OperationObservationConvention;
import org.aspectj.weaver.Advice;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link ObservedOperation
 * annotated domain operations}.
 * <p>
 * When Micrometer's annotations are enabled
 * ({@code management.observations.annotations.enabled}), it also defines Micrometer's
 * {@link ObservedAspect} in place of Spring Boot's, configured as Spring Boot configures
 * it, except that it skips methods that are operations, which are observed once, by the
 * operation. {@link ObservedOperationMetricsAspectsAutoConfiguration} does the same for
 * {@code @Timed} and {@code @Counted}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = ObservationAutoConfiguration.class)
@ConditionalOnClass({ ObservationRegistry.class, MeterRegistry.class, Advice.class, MDC.class })
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.operations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OperationsProperties.class)
public final class ObservedOperationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservedOperationAspect observedOperationAspect(ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<OperationObservationConvention> convention,
			OperationsProperties properties) {
		return new ObservedOperationAspect(observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP),
				meterRegistry.getIfUnique(), convention.getIfUnique(), properties.getSlowThreshold());
	}

	@Bean
	@ConditionalOnMissingBean
	OperationLoggingObservationHandler operationLoggingObservationHandler() {
		return new OperationLoggingObservationHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	OperationHistogramMeterFilter operationHistogramMeterFilter(ObjectProvider<ObservedOperationAspect> aspect) {
		// Looked up per new meter, not injected: the aspect itself needs the registry
		return new OperationHistogramMeterFilter((name) -> {
			ObservedOperationAspect operations = aspect.getIfUnique();
			return operations != null && operations.isHistogramPublished(name);
		});
	}

	@Bean
	@ConditionalOnMissingBean
	ObservedOperationSkipPredicate observedOperationSkipPredicate() {
		return new ObservedOperationSkipPredicate();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("management.observations.annotations.enabled")
	static class ObservedAspectConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ObservedAspect observedAspect(ObjectProvider<ObservationRegistry> observationRegistry,
				ObservedOperationSkipPredicate skipPredicate,
				ObjectProvider<ObservationKeyValueAnnotationHandler> keyValueAnnotationHandler) {
			ObservedAspect aspect = new ObservedAspect(
					observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP), skipPredicate);
			keyValueAnnotationHandler.ifAvailable(aspect::setObservationKeyValueAnnotationHandler);
			return aspect;
		}

	}

}
