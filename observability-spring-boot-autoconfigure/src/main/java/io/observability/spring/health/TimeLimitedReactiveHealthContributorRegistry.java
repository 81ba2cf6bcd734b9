package io.observability.spring.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributors;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;

/**
 * {@link ReactiveHealthContributorRegistry} that gives every reactive dependency
 * contributor its timeout: a check that has not answered by then reads
 * {@link org.springframework.boot.health.contributor.Status#DOWN DOWN} with
 * {@code error: timed out after …}. A servlet application's health endpoint blocks on
 * reactive contributors, which Spring Boot prefers for MongoDB, Cassandra, Couchbase or
 * Elasticsearch whenever Reactor is on the class path, with no limit of its own.
 * <p>
 * Unlike {@link BoundedHealthContributorRegistry}, it neither caches results nor shares a
 * check between callers: a reactive check holds no thread while it waits.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class TimeLimitedReactiveHealthContributorRegistry implements ReactiveHealthContributorRegistry {

	private final ReactiveHealthContributorRegistry delegate;

	private final Predicate<String> dependency;

	private final Function<String, Duration> timeouts;

	/**
	 * Create a new instance.
	 * @param delegate the registry that holds the contributors
	 * @param dependency which top-level contributor names are dependencies, the others
	 * are left as they are
	 * @param timeouts the timeout of each top-level contributor name
	 */
	public TimeLimitedReactiveHealthContributorRegistry(ReactiveHealthContributorRegistry delegate,
			Predicate<String> dependency, Function<String, Duration> timeouts) {
		this.delegate = delegate;
		this.dependency = dependency;
		this.timeouts = timeouts;
	}

	@Override
	public void registerContributor(String name, ReactiveHealthContributor contributor) {
		this.delegate.registerContributor(name, contributor);
	}

	@Override
	public @Nullable ReactiveHealthContributor unregisterContributor(String name) {
		return this.delegate.unregisterContributor(name);
	}

	@Override
	public @Nullable ReactiveHealthContributor getContributor(String name) {
		ReactiveHealthContributor contributor = this.delegate.getContributor(name);
		return (contributor != null) ? limit(name, contributor) : null;
	}

	@Override
	public Stream<ReactiveHealthContributors.Entry> stream() {
		return this.delegate.stream()
			.map((entry) -> new ReactiveHealthContributors.Entry(entry.name(),
					limit(entry.name(), entry.contributor())));
	}

	private ReactiveHealthContributor limit(String name, ReactiveHealthContributor contributor) {
		return this.dependency.test(name) ? limit(contributor, this.timeouts.apply(name)) : contributor;
	}

	private static ReactiveHealthContributor limit(ReactiveHealthContributor contributor, Duration timeout) {
		if (contributor instanceof ReactiveHealthIndicator indicator) {
			return new TimeLimitedIndicator(indicator, timeout);
		}
		if (contributor instanceof CompositeReactiveHealthContributor composite) {
			Map<String, ReactiveHealthContributor> members = new LinkedHashMap<>();
			composite.stream().forEach((entry) -> members.put(entry.name(), limit(entry.contributor(), timeout)));
			return CompositeReactiveHealthContributor.fromMap(members);
		}
		return contributor;
	}

	private record TimeLimitedIndicator(ReactiveHealthIndicator delegate,
			Duration timeout) implements ReactiveHealthIndicator {

		@Override
		public Mono<Health> health(boolean includeDetails) {
			return limit(this.delegate.health(includeDetails));
		}

		@Override
		public Mono<Health> health() {
			return limit(this.delegate.health());
		}

		private Mono<Health> limit(Mono<Health> health) {
			return health.timeout(this.timeout,
					Mono.fromSupplier(() -> Health.down()
						.withDetail("error", "timed out after " + BoundedHealthIndicator.format(this.timeout))
						.build()));
		}

	}

}
