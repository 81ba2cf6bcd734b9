package io.observability.spring.operation;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.aop.ObservedAspect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.aspectj.weaver.Advice;
import org.slf4j.MDC;

import org.springframework.aop.aspectj.annotation.AnnotationAwareAspectJAutoProxyCreator;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the extras of Micrometer's
 * {@code @Observed} methods, observed by Spring Boot's own {@link ObservedAspect}
 * ({@code management.observations.annotations.enabled}, which the starter turns on): an
 * observation filter for the {@code operation}, {@code outcome} and {@code exception}
 * tags, a meter filter for the percentile histogram, an observation handler for the MDC
 * and the WARN line of failed and slow calls, and an advisor for {@code @Observed}
 * declared on interfaces.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = { ObservationAutoConfiguration.class, MetricsAutoConfiguration.class })
@ConditionalOnClass({ ObservedAspect.class, MeterRegistry.class, Advice.class, MDC.class })
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.operations.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservedAspect.class)
@EnableConfigurationProperties(OperationsProperties.class)
public final class OperationsAutoConfiguration {

	private static final Log logger = LogFactory.getLog(OperationsAutoConfiguration.class);

	@Bean
	CompletionErrorFilter operationCompletionErrorFilter() {
		return new CompletionErrorFilter();
	}

	@Bean
	OperationMeterFilter operationMeterFilter() {
		return new OperationMeterFilter();
	}

	@Bean
	OperationLoggingHandler operationLoggingHandler(OperationsProperties properties, ObjectProvider<Clock> clock) {
		properties.validate();
		return new OperationLoggingHandler(clock.getIfAvailable(() -> Clock.SYSTEM), properties.getSlowThreshold(),
				properties.getSlowThresholds());
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static InterfaceObservedAdvisor interfaceObservedAdvisor(ObjectProvider<ObservedAspect> observedAspect) {
		return new InterfaceObservedAdvisor(observedAspect);
	}

	@Bean
	static SmartInitializingSingleton observedMethodsProxyCheck(ListableBeanFactory beanFactory) {
		return () -> {
			String name = AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME;
			if (!beanFactory.containsBean(name)
					|| !(beanFactory.getBean(name) instanceof AnnotationAwareAspectJAutoProxyCreator)) {
				logger.warn("@Observed methods are not observed: no AspectJ auto-proxy creator "
						+ "(spring.aop.auto=false?); add @EnableAspectJAutoProxy to observe them");
			}
		};
	}

}
