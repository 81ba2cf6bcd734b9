package io.observability.spring.health.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@link ReactiveHealthContributorRegistry} decorator that gives every reactive
 * dependency contributor the same {@link BoundedHealthChecks bounded} checks as a
 * blocking one: Spring Boot registers some of its indicators, such as {@code redis} with
 * Lettuce, as reactive ones whenever Reactor is on the class path. The check subscribes
 * and blocks on its own thread; callers never wait longer than the timeout.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class BoundedReactiveHealthContributorRegistry implements ReactiveHealthContributorRegistry {

	private final ReactiveHealthContributorRegistry delegate;

	private final BoundedHealthChecks checks;

	/**
	 * Create a new instance.
	 * @param delegate the registry to decorate
	 * @param checks the bounded checks, shared with the blocking registry
	 */
	public BoundedReactiveHealthContributorRegistry(ReactiveHealthContributorRegistry delegate,
			BoundedHealthChecks checks) {
		this.delegate = delegate;
		this.checks = checks;
		checks.addBinder(() -> delegate.stream().forEach((entry) -> bound(entry.name(), entry.contributor())));
	}

	@Override
	public void registerContributor(String name, ReactiveHealthContributor contributor) {
		this.delegate.registerContributor(name, contributor);
	}

	@Override
	public @Nullable ReactiveHealthContributor unregisterContributor(String name) {
		this.checks.forget(name);
		return this.delegate.unregisterContributor(name);
	}

	@Override
	public @Nullable ReactiveHealthContributor getContributor(String name) {
		ReactiveHealthContributor contributor = this.delegate.getContributor(name);
		return (contributor != null) ? bound(name, contributor) : null;
	}

	@Override
	public Stream<ReactiveHealthContributors.Entry> stream() {
		List<ReactiveHealthContributors.Entry> entries = this.delegate.stream()
			.map((entry) -> new ReactiveHealthContributors.Entry(entry.name(),
					bound(entry.name(), entry.contributor())))
			.toList();
		this.checks.refreshAllInBackground();
		return entries.stream();
	}

	private ReactiveHealthContributor bound(String name, ReactiveHealthContributor contributor) {
		return this.checks.bound(name, contributor, this::decorate);
	}

	private ReactiveHealthContributor decorate(String name, ReactiveHealthContributor contributor,
			List<BoundedHealthIndicator> indicators) {
		if (contributor instanceof BoundedReactiveIndicator alreadyBounded) {
			indicators.add(alreadyBounded.indicator());
			return alreadyBounded;
		}
		if (contributor instanceof ReactiveHealthIndicator reactive) {
			BoundedHealthIndicator indicator = this.checks.indicator(name, () -> reactive.health().block());
			indicators.add(indicator);
			return new BoundedReactiveIndicator(indicator);
		}
		if (contributor instanceof CompositeReactiveHealthContributor composite) {
			Map<String, ReactiveHealthContributor> members = new LinkedHashMap<>();
			composite.stream()
				.forEach((entry) -> members.put(entry.name(),
						decorate(name + "/" + entry.name(), entry.contributor(), indicators)));
			return CompositeReactiveHealthContributor.fromMap(members);
		}
		return contributor;
	}

	/**
	 * A bounded check as a reactive indicator that blocks no thread while it waits, at
	 * most the timeout, for the check.
	 */
	private record BoundedReactiveIndicator(BoundedHealthIndicator indicator) implements ReactiveHealthIndicator {

		@Override
		public Mono<Health> health() {
			return Mono.fromFuture(this.indicator::healthAsync);
		}

	}

}
