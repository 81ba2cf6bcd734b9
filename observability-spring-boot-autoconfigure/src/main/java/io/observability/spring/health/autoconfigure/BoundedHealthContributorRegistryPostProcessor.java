package io.observability.spring.health.autoconfigure;

import java.util.List;
import java.util.Set;

import io.observability.spring.health.BoundedHealthContributorRegistry;
import io.observability.spring.health.DependencyHealthContributors;
import io.observability.spring.health.HealthCheckListener;

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

	private final ObjectProvider<DependencyHealthProperties> properties;

	private final ObjectProvider<HealthCheckListener> listeners;

	BoundedHealthContributorRegistryPostProcessor(ObjectProvider<DependencyHealthProperties> properties,
			ObjectProvider<HealthCheckListener> listeners) {
		this.properties = properties;
		this.listeners = listeners;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HealthContributorRegistry registry && !(bean instanceof BoundedHealthContributorRegistry)) {
			DependencyHealthProperties properties = this.properties.getObject();
			List<HealthCheckListener> listeners = this.listeners.orderedStream().toList();
			return new BoundedHealthContributorRegistry(registry, new DependencyHealthContributors(Set.of()),
					properties::timeoutFor, properties.getCacheTtl(), properties.getThreads(),
					(name, health, duration) -> listeners
						.forEach((listener) -> listener.onCheckCompleted(name, health, duration)));
		}
		return bean;
	}

}
