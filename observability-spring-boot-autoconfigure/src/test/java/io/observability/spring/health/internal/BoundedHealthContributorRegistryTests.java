package io.observability.spring.health.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.DefaultHealthContributorRegistry;
import org.springframework.boot.health.registry.DefaultReactiveHealthContributorRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BoundedHealthContributorRegistry},
 * {@link BoundedReactiveHealthContributorRegistry} and {@link BoundedHealthChecks}.
 *
 * @author Observability Spring Boot contributors
 */
class BoundedHealthContributorRegistryTests {

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final List<String> started = new CopyOnWriteArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private final BoundedHealthChecks checks = new BoundedHealthChecks(new DependencyHealthContributors(Set.of()),
			(name) -> Objects.requireNonNullElse(ComponentNames.find(Map.of("search", Duration.ofMillis(300)), name),
					Duration.ofSeconds(10)),
			Duration.ofSeconds(10), (name, health, duration) -> {
			}, (name) -> Map.of(), this::start, this.clock::get);

	private final DefaultHealthContributorRegistry delegate = new DefaultHealthContributorRegistry();

	private final BoundedHealthContributorRegistry registry = new BoundedHealthContributorRegistry(this.delegate,
			this.checks);

	@AfterEach
	void release() {
		this.release.countDown();
	}

	@Test
	void dependenciesAreBoundedAndLocalContributorsAreNot() {
		this.delegate.registerContributor("ping", (HealthIndicator) () -> Health.up().build());
		this.delegate.registerContributor("payments", (HealthIndicator) () -> Health.up().build());
		assertThat(this.registry.getContributor("ping")).isNotInstanceOf(BoundedHealthIndicator.class);
		assertThat(this.registry.getContributor("payments")).isInstanceOf(BoundedHealthIndicator.class);
		assertThat(this.registry.getContributor("payments")).isSameAs(this.registry.getContributor("payments"));
	}

	@Test
	void contributorRegisteredLaterIsBounded() {
		this.registry.stream().toList();
		this.registry.registerContributor("late", (HealthIndicator) () -> Health.up().build());
		assertThat(this.registry.getContributor("late")).isInstanceOf(BoundedHealthIndicator.class);
	}

	@Test
	void membersOfACompositeAreBoundedWithTheCompositesTimeout() {
		this.delegate.registerContributor("search",
				CompositeHealthContributor.fromMap(Map.of("primary", hung(), "replica", hung())));
		HealthContributor search = this.registry.getContributor("search");
		assertThat(search).isInstanceOf(CompositeHealthContributor.class);
		HealthContributor primary = ((CompositeHealthContributor) search).getContributor("primary");
		assertThat(primary).isInstanceOf(BoundedHealthIndicator.class);
		assertThat(((BoundedHealthIndicator) primary).getName()).isEqualTo("search/primary");
		((BoundedHealthIndicator) primary).refreshInBackground();
		this.clock.addAndGet(Duration.ofMillis(300).toNanos());
		assertThat(((HealthIndicator) primary).health().getDetails()).containsEntry("error", "timed out after 300ms");
	}

	@Test
	void readingAllContributorsStartsEveryStaleCheckAtOnce() {
		List.of("orders", "stock", "billing", "ledger")
			.forEach((name) -> this.delegate.registerContributor(name, hung()));
		this.delegate.registerContributor("search",
				CompositeHealthContributor.fromMap(Map.of("primary", hung(), "replica", hung())));
		this.registry.stream().toList();
		// Before any caller waits: whoever reads them one after another waits for one
		// deadline, not for the sum
		assertThat(this.started).containsExactlyInAnyOrder("orders", "stock", "billing", "ledger", "search/primary",
				"search/replica");
	}

	@Test
	void readingTheBlockingRegistryAlsoStartsTheReactiveChecks() {
		DefaultReactiveHealthContributorRegistry reactiveDelegate = new DefaultReactiveHealthContributorRegistry();
		reactiveDelegate.registerContributor("redis", (ReactiveHealthIndicator) Mono::never);
		new BoundedReactiveHealthContributorRegistry(reactiveDelegate, this.checks);
		this.delegate.registerContributor("db", hung());
		this.registry.stream().toList();
		assertThat(this.started).containsExactlyInAnyOrder("db", "redis");
	}

	@Test
	void readingACompositeStartsAllItsMembersAtOnce() {
		this.delegate.registerContributor("search",
				CompositeHealthContributor.fromMap(Map.of("a", hung(), "b", hung(), "c", hung(), "d", hung())));
		CompositeHealthContributor search = (CompositeHealthContributor) this.registry.getContributor("search");
		search.stream().toList();
		assertThat(this.started).containsExactlyInAnyOrder("search/a", "search/b", "search/c", "search/d");
	}

	@Test
	void unregisteredContributorIsGone() {
		this.delegate.registerContributor("payments", (HealthIndicator) () -> Health.up().build());
		assertThat(this.registry.getContributor("payments")).isNotNull();
		this.registry.unregisterContributor("payments");
		assertThat(this.registry.getContributor("payments")).isNull();
	}

	@Test
	void reactiveDependencyIsBoundedAndCached() {
		AtomicInteger subscriptions = new AtomicInteger();
		DefaultReactiveHealthContributorRegistry reactiveDelegate = new DefaultReactiveHealthContributorRegistry();
		reactiveDelegate.registerContributor("redis", (ReactiveHealthIndicator) () -> Mono
			.fromSupplier(() -> Health.up().withDetail("subscription", subscriptions.incrementAndGet()).build()));
		BoundedReactiveHealthContributorRegistry reactive = new BoundedReactiveHealthContributorRegistry(
				reactiveDelegate, this.checks);
		ReactiveHealthContributor redis = reactive.getContributor("redis");
		assertThat(redis).isInstanceOf(ReactiveHealthIndicator.class);
		Health first = ((ReactiveHealthIndicator) redis).health().block();
		Health second = ((ReactiveHealthIndicator) redis).health().block();
		assertThat(first.getDetails()).containsEntry("subscription", 1).containsKey("latencyMs");
		assertThat(second.getDetails()).containsEntry("subscription", 1);
		assertThat(this.started).containsExactly("redis");
	}

	@Test
	void hungReactiveDependencyTimesOut() {
		DefaultReactiveHealthContributorRegistry reactiveDelegate = new DefaultReactiveHealthContributorRegistry();
		reactiveDelegate.registerContributor("cache", (ReactiveHealthIndicator) Mono::never);
		BoundedReactiveHealthContributorRegistry reactive = new BoundedReactiveHealthContributorRegistry(
				reactiveDelegate, this.checks);
		reactive.stream().toList();
		this.clock.addAndGet(Duration.ofSeconds(10).toNanos());
		Health health = ((ReactiveHealthIndicator) reactive.getContributor("cache")).health().block();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "timed out after 10s");
	}

	@Test
	void warmUpChecksEveryDependencyOnce() {
		this.delegate.registerContributor("payments", (HealthIndicator) () -> Health.up().build());
		this.delegate.registerContributor("ping", (HealthIndicator) () -> Health.up().build());
		this.delegate.registerContributor("search",
				CompositeHealthContributor.fromMap(Map.of("primary", (HealthIndicator) () -> Health.down().build())));
		// The clock stands still: the allowance is how long a slow thread may take to run
		assertThat(this.checks.warmUp(Duration.ofSeconds(60))).containsOnly(Map.entry("payments", Status.UP),
				Map.entry("search/primary", Status.DOWN));
		assertThat(this.started).containsExactlyInAnyOrder("payments", "search/primary");
	}

	@Test
	void warmUpChecksAgainWhatAnsweredSlowlyTheFirstTime() {
		AtomicInteger calls = new AtomicInteger();
		this.delegate.registerContributor("objectStorage", (HealthIndicator) () -> {
			if (calls.incrementAndGet() == 1) {
				// A client's first call initialises far more than later ones
				this.clock.addAndGet(Duration.ofSeconds(19).toNanos());
			}
			return Health.up().withDetail("call", calls.get()).build();
		});
		assertThat(this.checks.warmUp(Duration.ofSeconds(60))).containsOnly(Map.entry("objectStorage", Status.UP));
		assertThat(calls).hasValue(2);
		assertThat(((HealthIndicator) this.registry.getContributor("objectStorage")).health().getDetails())
			.containsEntry("call", 2);
	}

	private HealthIndicator hung() {
		return () -> {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Health.up().build();
		};
	}

	private Thread start(String name, Runnable task) {
		this.started.add(name.substring("health-check-".length()));
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
