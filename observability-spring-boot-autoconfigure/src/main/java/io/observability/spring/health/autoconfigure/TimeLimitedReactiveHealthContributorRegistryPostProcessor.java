package io.observability.spring.health.autoconfigure;

import java.util.Set;

import io.observability.spring.health.DependencyHealthContributors;
import io.observability.spring.health.TimeLimitedReactiveHealthContributorRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * {@link BeanPostProcessor} that decorates the {@link ReactiveHealthContributorRegistry}
 * with a {@link TimeLimitedReactiveHealthContributorRegistry}, so that every reactive
 * dependency contributor has a timeout, whoever registers it.
 *
 * @author Observability Spring Boot contributors
 */
class TimeLimitedReactiveHealthContributorRegistryPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<DependencyHealthProperties> properties;

	TimeLimitedReactiveHealthContributorRegistryPostProcessor(ObjectProvider<DependencyHealthProperties> properties) {
		this.properties = properties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ReactiveHealthContributorRegistry registry
				&& !(bean instanceof TimeLimitedReactiveHealthContributorRegistry)) {
			DependencyHealthProperties properties = this.properties.getObject();
			return new TimeLimitedReactiveHealthContributorRegistry(registry,
					new DependencyHealthContributors(Set.of()), properties::timeoutFor);
		}
		return bean;
	}

}
