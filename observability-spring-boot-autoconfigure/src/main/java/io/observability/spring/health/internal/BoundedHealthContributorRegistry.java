package io.observability.spring.health.internal;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.registry.HealthContributorRegistry;

/**
 * {@link HealthContributorRegistry} decorator that returns every dependency contributor,
 * whoever registered it and whenever, in its {@link BoundedHealthChecks bounded} form.
 * Reading all contributors starts every stale check at once, so that an endpoint that
 * reads them one after another waits for the slowest only.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class BoundedHealthContributorRegistry implements HealthContributorRegistry {

	private final HealthContributorRegistry delegate;

	private final BoundedHealthChecks checks;

	/**
	 * Create a new instance.
	 * @param delegate the registry to decorate
	 * @param checks the bounded checks
	 */
	public BoundedHealthContributorRegistry(HealthContributorRegistry delegate, BoundedHealthChecks checks) {
		this.delegate = delegate;
		this.checks = checks;
		checks.addBinder(() -> delegate.stream().forEach((entry) -> bound(entry.name(), entry.contributor())));
	}

	@Override
	public void registerContributor(String name, HealthContributor contributor) {
		this.delegate.registerContributor(name, contributor);
	}

	@Override
	public @Nullable HealthContributor unregisterContributor(String name) {
		this.checks.forget(name);
		return this.delegate.unregisterContributor(name);
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		HealthContributor contributor = this.delegate.getContributor(name);
		return (contributor != null) ? bound(name, contributor) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		List<HealthContributors.Entry> entries = this.delegate.stream()
			.map((entry) -> new HealthContributors.Entry(entry.name(), bound(entry.name(), entry.contributor())))
			.toList();
		this.checks.refreshAllInBackground();
		return entries.stream();
	}

	private HealthContributor bound(String name, HealthContributor contributor) {
		return this.checks.bound(name, contributor, this.checks::decorate);
	}

}
