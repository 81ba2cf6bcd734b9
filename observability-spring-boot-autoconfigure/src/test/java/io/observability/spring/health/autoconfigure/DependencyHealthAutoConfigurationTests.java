package io.observability.spring.health.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.observability.spring.health.HealthCheckListener;
import io.observability.spring.health.internal.BoundedHealthChecks;
import io.observability.spring.health.internal.BoundedHealthContributorRegistry;
import io.observability.spring.health.internal.HealthMetrics;
import io.observability.spring.health.internal.ReadinessDependenciesHealthEndpointGroupsPostProcessor;
import io.observability.spring.health.internal.ReadinessDrain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DependencyHealthAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
class DependencyHealthAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DependencyHealthAutoConfiguration.class, HealthContributorAutoConfiguration.class,
						HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
						EndpointAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
						AvailabilityProbesAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class))
		.withUserConfiguration(PaymentsConfiguration.class);

	@Test
	void runShouldBoundDependenciesButNotLocalContributors() {
		this.contextRunner.run((context) -> {
			HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
			assertThat(registry).isInstanceOf(BoundedHealthContributorRegistry.class);
			assertThat(registry.getContributor("payments").getClass().getSimpleName())
				.isEqualTo("BoundedHealthIndicator");
			assertThat(registry.getContributor("ping").getClass().getSimpleName())
				.isNotEqualTo("BoundedHealthIndicator");
			assertThat(registry.getContributor("readinessState").getClass().getSimpleName())
				.isNotEqualTo("BoundedHealthIndicator");
			assertThat(context).hasSingleBean(ReadinessDrain.class)
				.hasSingleBean(ReadinessDependenciesHealthEndpointGroupsPostProcessor.class)
				.hasSingleBean(HealthMetrics.class);
		});
	}

	@Test
	void readinessIncludesEveryDependencyAndLivenessNone() {
		this.contextRunner.run((context) -> {
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			assertThat(components(endpoint.healthForPath("readiness"))).containsOnlyKeys("readinessState", "payments");
			assertThat(components(endpoint.healthForPath("liveness"))).containsOnlyKeys("livenessState");
		});
	}

	@Test
	void degradedDependencyIsInHealthButNotInReadiness() {
		this.contextRunner.withPropertyValues("observability.health.readiness.payments=degraded").run((context) -> {
			HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
			assertThat(components(endpoint.healthForPath("readiness"))).containsOnlyKeys("readinessState");
			assertThat(components(endpoint.health())).containsKey("payments");
		});
	}

	@Test
	void springBootsReadinessGroupExcludeIsHonoured() {
		this.contextRunner.withPropertyValues("management.endpoint.health.group.readiness.exclude=payments")
			.run((context) -> {
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				// A group configured with an exclude only includes everything else
				assertThat(components(endpoint.healthForPath("readiness"))).containsKey("readinessState")
					.doesNotContainKey("payments");
				assertThat(components(endpoint.health())).containsKey("payments");
			});
	}

	@Test
	void excludedMemberOfACompositeStaysOutOfReadiness() {
		this.contextRunner.withUserConfiguration(LegacyConfiguration.class)
			.withPropertyValues("management.endpoint.health.group.readiness.exclude=legacy/replica")
			.run((context) -> {
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				assertThat(components(components(endpoint.healthForPath("readiness")).get("legacy")))
					.containsOnlyKeys("primary");
				assertThat(components(components(endpoint.health()).get("legacy"))).containsOnlyKeys("primary",
						"replica");
			});
	}

	@Test
	void memberOfACompositeHasItsOwnReadinessModeAndTimeout() {
		this.contextRunner.withUserConfiguration(LegacyConfiguration.class)
			.withPropertyValues("observability.health.readiness.[legacy/replica]=degraded",
					"observability.health.timeouts.[legacy/replica]=300ms", "observability.health.timeouts.legacy=5s")
			.run((context) -> {
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				assertThat(components(components(endpoint.healthForPath("readiness")).get("legacy")))
					.containsOnlyKeys("primary");
				IndicatedHealthDescriptor replica = (IndicatedHealthDescriptor) components(
						components(endpoint.health()).get("legacy"))
					.get("replica");
				assertThat(replica.getDetails()).containsEntry("error", "timed out after 300ms");
			});
	}

	@Test
	void configuredReadinessGroupKeepsItsMembersAndGainsDependencies() {
		this.contextRunner.withPropertyValues("management.endpoint.health.group.readiness.include=readinessState,ping")
			.run((context) -> {
				HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
				assertThat(components(endpoint.healthForPath("readiness"))).containsOnlyKeys("readinessState", "ping",
						"payments");
			});
	}

	@Test
	void readinessKeepsSpringBootsAdditionalPath() {
		this.contextRunner.withPropertyValues("management.endpoint.health.probes.add-additional-paths=true")
			.run((context) -> {
				HealthEndpointGroup readyz = context.getBean(HealthEndpointGroups.class)
					.get(AdditionalHealthEndpointPath.of(WebServerNamespace.SERVER, "/readyz"));
				assertThat(readyz).isNotNull();
				assertThat(readyz.isMember("payments")).isTrue();
				assertThat(readyz.isMember("readinessState")).isTrue();
				assertThat(readyz.isMember("livenessState")).isFalse();
			});
	}

	@Test
	// Without a limit, the health endpoint waits for the reactive check forever; the
	// limit also covers the context's start-up, which takes long on a loaded machine
	@Timeout(120)
	void hungReactiveDependencyIsDownInReadinessWithinItsTimeout() {
		this.contextRunner.withUserConfiguration(HungReactiveConfiguration.class)
			.withPropertyValues("observability.health.timeouts.hung=300ms")
			.run((context) -> {
				HealthDescriptor readiness = assertTimedOutInReadiness(context, "hung", "300ms");
				assertThat(components(readiness).get("payments").getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void slowDependencyIsDownInReadinessWithinItsTimeout() {
		this.contextRunner.withUserConfiguration(SlowConfiguration.class)
			.withPropertyValues("observability.health.timeouts.slow=200ms")
			.run((context) -> assertTimedOutInReadiness(context, "slow", "200ms"));
	}

	private HealthDescriptor assertTimedOutInReadiness(ApplicationContext context, String name, String timeout) {
		HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
		long start = System.nanoTime();
		HealthDescriptor readiness = endpoint.healthForPath("readiness");
		// Far less than the slow check's minute, however late a loaded machine runs its
		// threads: the endpoint waited for the timeout (named below), not for the check
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		assertThat(readiness.getStatus()).isEqualTo(Status.DOWN);
		IndicatedHealthDescriptor component = (IndicatedHealthDescriptor) components(readiness).get(name);
		assertThat(component.getStatus()).isEqualTo(Status.DOWN);
		assertThat(component.getDetails()).containsEntry("error", "timed out after " + timeout);
		return readiness;
	}

	@Test
	void healthMetricsExportStatusAndCheckDuration() {
		// Checks that ran before the meters were bound, at start-up, have no duration
		this.contextRunner.withPropertyValues("observability.health.cache-ttl=0s").run((context) -> {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(HealthMetrics.class).bindTo(meters);
			context.getBean(HealthEndpoint.class).healthForPath("readiness");
			assertThat(meters.get(HealthMetrics.STATUS_METER).tag("component", "payments").gauge().value())
				.isEqualTo(1);
			assertThat(meters.get(HealthMetrics.STATUS_METER).tag("component", "ping").gauge().value()).isEqualTo(1);
			assertThat(meters.get(HealthMetrics.DURATION_METER)
				.tags("component", "payments", "status", "UP")
				.timer()
				.count()).isPositive();
		});
	}

	@Test
	void everyHealthCheckListenerIsNotifiedEvenWhenAnEarlierOneThrows() {
		this.contextRunner.withUserConfiguration(ListenersConfiguration.class)
			.withPropertyValues("observability.health.cache-ttl=0s")
			.run((context) -> {
				SimpleMeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(HealthMetrics.class).bindTo(meters);
				context.getBean(HealthEndpoint.class).healthForPath("readiness");
				assertThat(context.getBean(ListenersConfiguration.class).completed).contains("payments");
				assertThat(meters.get(HealthMetrics.DURATION_METER)
					.tags("component", "payments", "status", "UP")
					.timer()
					.count()).isPositive();
			});
	}

	@Test
	void contributorRegisteredAfterStartUpIsBoundedAndExported() {
		this.contextRunner.run((context) -> {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(HealthMetrics.class).bindTo(meters);
			HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
			registry.registerContributor("search", (HealthIndicator) () -> Health.down().build());
			assertThat(registry.getContributor("search").getClass().getSimpleName())
				.isEqualTo("BoundedHealthIndicator");
			HealthDescriptor health = context.getBean(HealthEndpoint.class).health();
			assertThat(components(health).get("search").getStatus()).isEqualTo(Status.DOWN);
			assertThat(meters.get(HealthMetrics.STATUS_METER).tag("component", "search").gauge().value()).isEqualTo(0);
		});
	}

	@Test
	void runWithUserBoundedHealthChecksShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserChecksConfiguration.class)
			.run((context) -> assertThat(context.getBean(BoundedHealthChecks.class))
				.isSameAs(context.getBean(UserChecksConfiguration.class).checks));
	}

	@Test
	void negativeStartupAllowanceFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.health.startup-allowance=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.health.startup-allowance"));
	}

	@Test
	void unknownReadinessModeFailsStartup() {
		this.contextRunner.withPropertyValues("observability.health.readiness.payments=optional")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void runWhenDisabledShouldLeaveHealthAlone() {
		this.contextRunner.withPropertyValues("observability.health.enabled=false").run((context) -> {
			assertThat(context.getBean(HealthContributorRegistry.class))
				.isNotInstanceOf(BoundedHealthContributorRegistry.class);
			assertThat(context).doesNotHaveBean(ReadinessDrain.class).doesNotHaveBean(HealthMetrics.class);
			assertThat(components(context.getBean(HealthEndpoint.class).healthForPath("readiness")))
				.containsOnlyKeys("readinessState");
		});
	}

	@Test
	void runWhenStarterIsDisabledShouldLeaveHealthAlone() {
		this.contextRunner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context.getBean(HealthContributorRegistry.class))
				.isNotInstanceOf(BoundedHealthContributorRegistry.class));
	}

	@Test
	void runWithUserDrainShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserDrainConfiguration.class)
			.run((context) -> assertThat(context.getBean(ReadinessDrain.class))
				.isSameAs(context.getBean(UserDrainConfiguration.class).drain));
	}

	@Test
	void runWithoutHealthShouldNotConfigureAnything() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthContributorRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(BoundedHealthContributorRegistryPostProcessor.class)
				.doesNotHaveBean(ReadinessDrain.class));
	}

	@Test
	void nonPositiveTimeoutFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.health.timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.health.timeout"));
	}

	@Test
	void nonPositiveIndicatorTimeoutFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.health.timeouts.db=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.health.timeouts.db"));
	}

	@Test
	void negativeDrainDelayFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.health.drain-delay=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.health.drain-delay"));
	}

	private static Map<String, HealthDescriptor> components(HealthDescriptor descriptor) {
		assertThat(descriptor).isInstanceOf(CompositeHealthDescriptor.class);
		return ((CompositeHealthDescriptor) descriptor).getComponents();
	}

	@Configuration(proxyBeanMethods = false)
	static class PaymentsConfiguration {

		@Bean
		HealthIndicator paymentsHealthIndicator() {
			return () -> Health.up().withDetail("provider", "acme").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LegacyConfiguration {

		@Bean
		HealthContributor legacyHealthContributor() {
			HealthIndicator slow = () -> {
				try {
					Thread.sleep(5000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return Health.up().build();
			};
			HealthIndicator primary = () -> Health.up().build();
			return CompositeHealthContributor.fromMap(Map.of("primary", primary, "replica", slow));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HungReactiveConfiguration {

		@Bean
		ReactiveHealthIndicator hungHealthIndicator() {
			return Mono::never;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowConfiguration {

		@Bean
		HealthIndicator slowHealthIndicator() {
			return () -> {
				try {
					Thread.sleep(60_000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return Health.up().build();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserChecksConfiguration {

		final BoundedHealthChecks checks = new BoundedHealthChecks((name) -> true, (name) -> Duration.ofSeconds(1),
				Duration.ofSeconds(1), (name, health, duration) -> {
				}, (name) -> Map.of());

		@Bean
		BoundedHealthChecks userChecks() {
			return this.checks;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenersConfiguration {

		final List<String> completed = new CopyOnWriteArrayList<>();

		@Bean
		@Order(1)
		HealthCheckListener failingHealthCheckListener() {
			return (name, health, duration) -> {
				throw new IllegalStateException("listener failed");
			};
		}

		@Bean
		@Order(2)
		HealthCheckListener recordingHealthCheckListener() {
			return (name, health, duration) -> this.completed.add(name);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDrainConfiguration {

		final ReadinessDrain drain = new ReadinessDrain(new GenericApplicationContext(), Duration.ZERO);

		@Bean
		ReadinessDrain userDrain() {
			return this.drain;
		}

	}

}
