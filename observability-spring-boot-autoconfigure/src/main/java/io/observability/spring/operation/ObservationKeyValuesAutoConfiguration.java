package io.observability.spring.operation;

import java.util.function.Supplier;

import io.micrometer.common.annotation.ValueExpressionResolver;
import io.micrometer.observation.aop.ObservationKeyValueAnnotationHandler;
import io.micrometer.observation.aop.ObservedAspect;
import org.aspectj.weaver.Advice;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the handler of
 * {@code @ObservationKeyValue} that Spring Boot gives its {@link ObservedAspect}:
 * Micrometer's {@link ObservationKeyValueAnnotationHandler}, made with the same resolvers
 * as Spring Boot's, that does not search a method for annotations again on every call
 * once it found none there. Ordered before Spring Boot's
 * {@link ObservationAutoConfiguration}, whose handler then backs off; backs off itself
 * when the application defines a handler.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = ObservationAutoConfiguration.class)
@ConditionalOnClass({ ObservedAspect.class, Advice.class })
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.operations.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("management.observations.annotations.enabled")
public final class ObservationKeyValuesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationKeyValueAnnotationHandler observationKeyValueAnnotationHandler(BeanFactory beanFactory,
			ObjectProvider<ValueExpressionResolver> valueExpressionResolver) {
		// Spring Boot's, defined by ObservationAutoConfiguration with its ObservedAspect;
		// looked up on the first expression, once
		Supplier<ValueExpressionResolver> resolver = SingletonSupplier.of(valueExpressionResolver::getObject);
		return new CachingObservationKeyValueAnnotationHandler(beanFactory::getBean, (ignored) -> resolver.get());
	}

}
