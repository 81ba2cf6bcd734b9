package io.observability.spring.health.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.sql.DataSource;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.observability.spring.health.HealthCheckListener;
import io.observability.spring.health.autoconfigure.DependencyHealthProperties.ReadinessMode;
import io.observability.spring.health.internal.BoundedHealthChecks;
import io.observability.spring.health.internal.DependencyHealthContributors;
import io.observability.spring.health.internal.HealthMetrics;
import io.observability.spring.health.internal.ReadinessDependenciesHealthEndpointGroupsPostProcessor;
import io.observability.spring.health.internal.ReadinessDrain;
import io.observability.spring.masking.internal.MaskingPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for bounded dependency health:
 * Spring Boot's own contributors and the application's, blocking and reactive, checked
 * with timeouts, a cache, a thread of their own and a warm-up before readiness; required
 * dependencies in the readiness group, a drain delay on shutdown and health metrics.
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

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			DependencyHealthAutoConfiguration.class.getClassLoader());

	@Bean
	@ConditionalOnMissingBean
	BoundedHealthChecks boundedHealthChecks(DependencyHealthProperties properties,
			ObjectProvider<HealthCheckListener> listeners, ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<MaskingPolicy> maskingPolicy) {
		return new BoundedHealthChecks(new DependencyHealthContributors(Set.of()), properties::timeoutFor,
				properties.getCacheTtl(), new Listeners(listeners), extraDetails(beanFactory),
				detailMasker(maskingPolicy));
	}

	// Health details are a channel the masking policy covers, when masking is enabled
	private static BiFunction<String, String, String> detailMasker(ObjectProvider<MaskingPolicy> maskingPolicy) {
		SingletonSupplier<Optional<MaskingPolicy>> policy = SingletonSupplier
			.of(() -> Optional.ofNullable(maskingPolicy.getIfAvailable()));
		return (name, value) -> policy.obtain().map((masking) -> masking.mask(name, value)).orElse(value);
	}

	private static Function<String, Map<String, Object>> extraDetails(ConfigurableListableBeanFactory beanFactory) {
		if (!HIKARI_PRESENT) {
			return (name) -> Map.of();
		}
		return new HikariPoolDetails(SingletonSupplier.of(() -> SimpleAutowireCandidateResolver
			.resolveAutowireCandidates(beanFactory, DataSource.class, false, true)));
	}

	@Bean
	@ConditionalOnMissingBean
	static BoundedHealthContributorRegistryPostProcessor boundedHealthContributorRegistryPostProcessor(
			ObjectProvider<BoundedHealthChecks> checks) {
		return new BoundedHealthContributorRegistryPostProcessor(checks);
	}

	@Bean
	@ConditionalOnMissingBean(name = "dependencyHealthWarmUp")
	DependencyHealthWarmUp dependencyHealthWarmUp(BoundedHealthChecks checks, DependencyHealthProperties properties) {
		return new DependencyHealthWarmUp(checks, properties.getStartupAllowance());
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
			Set<String> excluded = Binder.get(environment)
				.bind(READINESS_GROUP_EXCLUDE, Bindable.setOf(String.class))
				.orElse(Set.of());
			DependencyHealthContributors dependencies = new DependencyHealthContributors(excluded);
			return new ReadinessDependenciesHealthEndpointGroupsPostProcessor(
					(name) -> dependencies.test(name) && properties.readinessFor(name) == ReadinessMode.REQUIRED);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Mono.class)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static BoundedReactiveHealthContributorRegistryPostProcessor boundedReactiveHealthContributorRegistryPostProcessor(
				ObjectProvider<BoundedHealthChecks> checks) {
			return new BoundedReactiveHealthContributorRegistryPostProcessor(checks);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HealthMetrics healthMetrics(ObjectProvider<HealthContributorRegistry> registry) {
			return new HealthMetrics(registry::getIfAvailable, new DependencyHealthContributors(Set.of()));
		}

	}

	/**
	 * Runs every dependency check once at start-up: starts them when the application has
	 * started and, when it is ready, waits for them before Spring Boot publishes
	 * {@code ACCEPTING_TRAFFIC}, so that the first probe reads the truth.
	 */
	static final class DependencyHealthWarmUp implements ApplicationListener<ApplicationReadyEvent> {

		private final BoundedHealthChecks checks;

		private final Duration allowance;

		DependencyHealthWarmUp(BoundedHealthChecks checks, Duration allowance) {
			this.checks = checks;
			this.allowance = allowance;
		}

		@Override
		public void onApplicationEvent(ApplicationReadyEvent event) {
			this.checks.warmUp(this.allowance);
		}

	}

	/**
	 * Notifies every {@link HealthCheckListener} bean, in order; one that throws does not
	 * keep the others from being notified.
	 */
	private record Listeners(ObjectProvider<HealthCheckListener> listeners) implements HealthCheckListener {

		private static final Log logger = LogFactory.getLog(Listeners.class);

		@Override
		public void onCheckCompleted(String name, Health health, Duration duration) {
			notifyEach(name, (listener) -> listener.onCheckCompleted(name, health, duration));
		}

		@Override
		public void onCheckTimedOut(String name, Duration timeout) {
			notifyEach(name, (listener) -> listener.onCheckTimedOut(name, timeout));
		}

		@Override
		public void onCheckAbandoned(String name) {
			notifyEach(name, (listener) -> listener.onCheckAbandoned(name));
		}

		private void notifyEach(String name, Consumer<HealthCheckListener> notification) {
			this.listeners.orderedStream().forEach((listener) -> {
				try {
					notification.accept(listener);
				}
				catch (RuntimeException ex) {
					logger.warn("Health check listener " + listener.getClass().getName() + " failed for '" + name + "'",
							ex);
				}
			});
		}

	}

}
