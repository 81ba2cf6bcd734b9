package io.observability.spring.health.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.observability.spring.health.BoundedHealthContributorRegistry;
import io.observability.spring.health.DependencyHealthContributors;
import io.observability.spring.health.HealthCheckListener;
import io.observability.spring.health.HealthMetrics;
import io.observability.spring.health.ReadinessDependenciesHealthEndpointGroupsPostProcessor;
import io.observability.spring.health.ReadinessDrain;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for bounded dependency health:
 * timeouts, caching and concurrent evaluation of every dependency contributor (timeouts
 * alone for reactive ones), dependencies in the readiness group, a drain delay on
 * shutdown and health metrics.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = HealthContributorRegistryAutoConfiguration.class)
@ConditionalOnClass(HealthContributorRegistry.class)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DependencyHealthProperties.class)
public final class DependencyHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static BoundedHealthContributorRegistryPostProcessor boundedHealthContributorRegistryPostProcessor(
			ObjectProvider<DependencyHealthProperties> properties, ObjectProvider<HealthCheckListener> listeners) {
		return new BoundedHealthContributorRegistryPostProcessor(properties, listeners);
	}

	@Bean
	@ConditionalOnMissingBean(name = "dependencyHealthWarmUp")
	ApplicationListener<ApplicationStartedEvent> dependencyHealthWarmUp(
			ObjectProvider<HealthContributorRegistry> registry) {
		// Connecting a client for the first time can take longer than a probe's timeout
		return (event) -> {
			if (registry.getIfAvailable() instanceof BoundedHealthContributorRegistry bounded) {
				bounded.startStaleChecks();
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	ReadinessDrain readinessDrain(ApplicationContext applicationContext, DependencyHealthProperties properties) {
		return new ReadinessDrain(applicationContext, properties.getDrainDelay());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
	@ConditionalOnBooleanProperty(name = "management.endpoint.health.probes.enabled", matchIfMissing = true)
	static class ReadinessConfiguration {

		private static final String READINESS_GROUP_EXCLUDE = "management.endpoint.health.group.readiness.exclude";

		@Bean
		@ConditionalOnMissingBean
		ReadinessDependenciesHealthEndpointGroupsPostProcessor readinessDependenciesHealthEndpointGroupsPostProcessor(
				DependencyHealthProperties properties, Environment environment) {
			// What Spring Boot's own group configuration excludes stays out as well
			Set<String> excluded = new LinkedHashSet<>(properties.getReadiness().getExclude());
			excluded.addAll(Binder.get(environment)
				.bind(READINESS_GROUP_EXCLUDE, Bindable.setOf(String.class))
				.orElse(Set.of()));
			return new ReadinessDependenciesHealthEndpointGroupsPostProcessor(
					new DependencyHealthContributors(excluded));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Mono.class)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static TimeLimitedReactiveHealthContributorRegistryPostProcessor timeLimitedReactiveHealthContributorRegistryPostProcessor(
				ObjectProvider<DependencyHealthProperties> properties) {
			return new TimeLimitedReactiveHealthContributorRegistryPostProcessor(properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HealthMetrics healthMetrics(ObjectProvider<HealthContributorRegistry> registry) {
			return new HealthMetrics(registry::getIfAvailable);
		}

	}

}
