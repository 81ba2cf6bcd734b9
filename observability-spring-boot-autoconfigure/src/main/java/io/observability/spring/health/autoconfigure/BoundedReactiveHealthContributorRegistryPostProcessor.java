package io.observability.spring.health.autoconfigure;

import io.observability.spring.health.internal.BoundedHealthChecks;
import io.observability.spring.health.internal.BoundedReactiveHealthContributorRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * {@link BeanPostProcessor} that decorates the {@link ReactiveHealthContributorRegistry}
 * with a {@link BoundedReactiveHealthContributorRegistry}, so that every reactive
 * dependency contributor is bounded like a blocking one, whoever registers it.
 *
 * @author Observability Spring Boot contributors
 */
class BoundedReactiveHealthContributorRegistryPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<BoundedHealthChecks> checks;

	BoundedReactiveHealthContributorRegistryPostProcessor(ObjectProvider<BoundedHealthChecks> checks) {
		this.checks = checks;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ReactiveHealthContributorRegistry registry
				&& !(bean instanceof BoundedReactiveHealthContributorRegistry)) {
			return new BoundedReactiveHealthContributorRegistry(registry, this.checks.getObject());
		}
		return bean;
	}

}
