package io.observability.spring.operation;

import io.micrometer.common.annotation.ValueExpressionResolver;
import io.micrometer.core.aop.CountedMeterTagAnnotationHandler;
import io.micrometer.core.aop.MeterTagAnnotationHandler;
import io.micrometer.core.aop.TimedAspect;
import org.aspectj.weaver.Advice;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAspectsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the handlers of {@code @MeterTag}
 * that Spring Boot gives its {@code @Timed} and {@code @Counted} aspects: Micrometer's
 * {@link MeterTagAnnotationHandler} and {@link CountedMeterTagAnnotationHandler}, made
 * with the same resolvers as Spring Boot's, that do not search a method for annotations
 * again on every call (see {@link ObservationKeyValuesAutoConfiguration}). Ordered before
 * Spring Boot's {@link MetricsAspectsAutoConfiguration}, whose handlers then back off;
 * each backs off itself when the application defines one.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = ObservationAutoConfiguration.class, before = MetricsAspectsAutoConfiguration.class)
@ConditionalOnClass({ TimedAspect.class, Advice.class })
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.operations.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("management.observations.annotations.enabled")
@ConditionalOnBean(ValueExpressionResolver.class)
public final class MeterTagsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MeterTagAnnotationHandler meterTagAnnotationHandler(BeanFactory beanFactory,
			ValueExpressionResolver valueExpressionResolver) {
		return new CachingMeterTagAnnotationHandlers.Timed(beanFactory::getBean, (ignored) -> valueExpressionResolver);
	}

	@Bean
	@ConditionalOnMissingBean
	CountedMeterTagAnnotationHandler countedMeterTagAnnotationHandler(BeanFactory beanFactory,
			ValueExpressionResolver valueExpressionResolver) {
		return new CachingMeterTagAnnotationHandlers.Counted(beanFactory::getBean,
				(ignored) -> valueExpressionResolver);
	}

}
