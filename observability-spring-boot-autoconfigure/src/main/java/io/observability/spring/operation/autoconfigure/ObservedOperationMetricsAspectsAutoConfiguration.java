package io.observability.spring.operation.autoconfigure;

import io.micrometer.core.aop.CountedAspect;
import io.micrometer.core.aop.CountedMeterTagAnnotationHandler;
import io.micrometer.core.aop.MeterTagAnnotationHandler;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import io.observability.spring.operation.ObservedOperation;
import io.observability.spring.operation.ObservedOperationSkipPredicate;
import org.aspectj.weaver.Advice;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAspectsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Micrometer's {@link TimedAspect}
 * and {@link CountedAspect} alongside {@link ObservedOperation annotated domain
 * operations}: defined in place of Spring Boot's and configured as Spring Boot configures
 * them, except that they skip methods that are operations, whose timer already counts
 * every call.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = MetricsAspectsAutoConfiguration.class,
		after = { CompositeMeterRegistryAutoConfiguration.class, ObservedOperationAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, Advice.class })
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.operations.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("management.observations.annotations.enabled")
@ConditionalOnBean({ MeterRegistry.class, ObservedOperationSkipPredicate.class })
public final class ObservedOperationMetricsAspectsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TimedAspect timedAspect(MeterRegistry registry, ObservedOperationSkipPredicate skipPredicate,
			ObjectProvider<MeterTagAnnotationHandler> meterTagAnnotationHandler) {
		TimedAspect aspect = new TimedAspect(registry, skipPredicate);
		meterTagAnnotationHandler.ifAvailable(aspect::setMeterTagAnnotationHandler);
		return aspect;
	}

	@Bean
	@ConditionalOnMissingBean
	CountedAspect countedAspect(MeterRegistry registry, ObservedOperationSkipPredicate skipPredicate,
			ObjectProvider<CountedMeterTagAnnotationHandler> countedMeterTagAnnotationHandler) {
		CountedAspect aspect = new CountedAspect(registry, skipPredicate);
		countedMeterTagAnnotationHandler.ifAvailable(aspect::setMeterTagAnnotationHandler);
		return aspect;
	}

}
