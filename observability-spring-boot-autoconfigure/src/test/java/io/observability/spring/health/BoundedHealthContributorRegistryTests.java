package io.observability.spring.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.DefaultHealthContributorRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BoundedHealthContributorRegistry}.
 *
 * @author Observability Spring Boot contributors
 */
class BoundedHealthContributorRegistryTests {

	private final DefaultHealthContributorRegistry delegate = new DefaultHealthContributorRegistry();

	private final BoundedHealthContributorRegistry registry = new BoundedHealthContributorRegistry(this.delegate,
			new DependencyHealthContributors(Set.of()),
			(name) -> name.equals("search") ? Duration.ofMillis(300) : Duration.ofSeconds(1), Duration.ofSeconds(1), 4,
			(name, health, duration) -> {
			});

	@AfterEach
	void close() {
		this.registry.close();
	}

	@Test
	void dependenciesAreBoundedAndLocalContributorsAreNot() {
		this.delegate.registerContributor("ping", (HealthIndicator) () -> Health.up().build());
		this.delegate.registerContributor("payments", (HealthIndicator) () -> Health.up().build());
		assertThat(this.registry.getContributor("ping")).isNotInstanceOf(BoundedHealthIndicator.class);
		assertThat(this.registry.getContributor("payments")).isInstanceOf(BoundedHealthIndicator.class);
		assertThat(this.registry.getContributor("payments")).isSameAs(this.registry.getContributor("payments"));
		assertThat(this.registry.stream().map((entry) -> entry.contributor().getClass().getSimpleName()))
			.containsExactlyInAnyOrder("BoundedHealthIndicator",
					this.delegate.getContributor("ping").getClass().getSimpleName());
	}

	@Test
	void membersOfACompositeAreBoundedWithTheCompositesTimeout() {
		HealthIndicator hung = () -> {
			sleep(5000);
			return Health.up().build();
		};
		this.delegate.registerContributor("search",
				CompositeHealthContributor.fromMap(Map.of("primary", hung, "replica", hung)));
		HealthContributor search = this.registry.getContributor("search");
		assertThat(search).isInstanceOf(CompositeHealthContributor.class);
		HealthContributor primary = ((CompositeHealthContributor) search).getContributor("primary");
		assertThat(primary).isInstanceOf(BoundedHealthIndicator.class);
		assertThat(((BoundedHealthIndicator) primary).getName()).isEqualTo("search/primary");
		Health health = ((HealthIndicator) primary).health();
		assertThat(health.getDetails()).containsEntry("error", "timed out after 300ms");
	}

	@Test
	void dependenciesAreCheckedConcurrentlyWhenReadOneAfterAnother() {
		List<String> names = List.of("orders", "stock", "billing");
		names.forEach((name) -> this.delegate.registerContributor(name, (HealthIndicator) () -> {
			sleep(400);
			return Health.up().build();
		}));
		long start = System.nanoTime();
		this.registry.stream()
			.forEach((entry) -> assertThat(((HealthIndicator) entry.contributor()).health().getStatus())
				.isEqualTo(Status.UP));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1000));
	}

	@Test
	void unregisteredContributorIsGone() {
		this.delegate.registerContributor("payments", (HealthIndicator) () -> Health.up().build());
		assertThat(this.registry.getContributor("payments")).isNotNull();
		this.registry.unregisterContributor("payments");
		assertThat(this.registry.getContributor("payments")).isNull();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
