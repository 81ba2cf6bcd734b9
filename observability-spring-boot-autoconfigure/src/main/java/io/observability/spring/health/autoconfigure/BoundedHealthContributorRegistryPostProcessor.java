package io.observability.spring.health.autoconfigure;

import io.observability.spring.health.internal.BoundedHealthChecks;
import io.observability.spring.health.internal.BoundedHealthContributorRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.registry.HealthContributorRegistry;

/**
 * {@link BeanPostProcessor} that decorates the {@link HealthContributorRegistry} with a
 * {@link BoundedHealthContributorRegistry}, so that every dependency contributor is
 * bounded, whoever registers it.
 *
 * @author Observability Spring Boot contributors
 */
class BoundedHealthContributorRegistryPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<BoundedHealthChecks> checks;

	BoundedHealthContributorRegistryPostProcessor(ObjectProvider<BoundedHealthChecks> checks) {
		this.checks = checks;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HealthContributorRegistry registry && !(bean instanceof BoundedHealthContributorRegistry)) {
			return new BoundedHealthContributorRegistry(registry, this.checks.getObject());
		}
		return bean;
	}

}
