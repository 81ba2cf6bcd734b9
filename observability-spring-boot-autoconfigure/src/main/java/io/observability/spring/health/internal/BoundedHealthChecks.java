package io.observability.spring.health.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.observability.spring.health.HealthCheckListener;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The bounded checks of every dependency: each {@link HealthIndicator} of a dependency,
 * members of composites included, whichever registry holds it, is checked on a thread of
 * its own with a timeout, a cache and a single check in flight; a hung check is abandoned
 * and retried once its timed-out result goes stale.
 * <p>
 * Decorate Spring Boot's registries with {@link BoundedHealthContributorRegistry} and
 * {@link BoundedReactiveHealthContributorRegistry}; both share the checks held here.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class BoundedHealthChecks {

	/**
	 * How many times the warm-up runs a check that answers slowly.
	 */
	static final int WARM_UP_PASSES = 3;

	private final Predicate<String> dependency;

	private final Function<String, Duration> timeouts;

	private final Duration cacheTtl;

	private final HealthCheckListener listener;

	private final Function<String, Map<String, Object>> extraDetails;

	private final BiFunction<String, String, String> detailMasker;

	private final CheckThreads threads;

	private final LongSupplier nanoClock;

	private final ConcurrentMap<String, Bounded> bounded = new ConcurrentHashMap<>();

	private final List<Runnable> binders = new CopyOnWriteArrayList<>();

	/**
	 * Create a new instance.
	 * @param dependency which top-level contributor names are dependencies to bound
	 * @param timeouts the timeout of each component ({@code db}, {@code db/replica})
	 * @param cacheTtl how long a result is reused
	 * @param listener notified of checks
	 * @param extraDetails details to add to the result of a component ({@code db},
	 * {@code db/replica}), such as pool figures; a detail of the check itself wins
	 */
	public BoundedHealthChecks(Predicate<String> dependency, Function<String, Duration> timeouts, Duration cacheTtl,
			HealthCheckListener listener, Function<String, Map<String, Object>> extraDetails) {
		this(dependency, timeouts, cacheTtl, listener, extraDetails, (name, value) -> value);
	}

	/**
	 * Create a new instance.
	 * @param dependency which top-level contributor names are dependencies to bound
	 * @param timeouts the timeout of each component ({@code db}, {@code db/replica})
	 * @param cacheTtl how long a result is reused
	 * @param listener notified of checks
	 * @param extraDetails details to add to the result of a component ({@code db},
	 * {@code db/replica}), such as pool figures; a detail of the check itself wins
	 * @param detailMasker masks the text value of a detail, given its name, as the
	 * starter's masking policy does
	 */
	public BoundedHealthChecks(Predicate<String> dependency, Function<String, Duration> timeouts, Duration cacheTtl,
			HealthCheckListener listener, Function<String, Map<String, Object>> extraDetails,
			BiFunction<String, String, String> detailMasker) {
		this(dependency, timeouts, cacheTtl, listener, extraDetails, detailMasker, CheckThreads.ofRuntime(),
				System::nanoTime);
	}

	BoundedHealthChecks(Predicate<String> dependency, Function<String, Duration> timeouts, Duration cacheTtl,
			HealthCheckListener listener, Function<String, Map<String, Object>> extraDetails, CheckThreads threads,
			LongSupplier nanoClock) {
		this(dependency, timeouts, cacheTtl, listener, extraDetails, (name, value) -> value, threads, nanoClock);
	}

	BoundedHealthChecks(Predicate<String> dependency, Function<String, Duration> timeouts, Duration cacheTtl,
			HealthCheckListener listener, Function<String, Map<String, Object>> extraDetails,
			BiFunction<String, String, String> detailMasker, CheckThreads threads, LongSupplier nanoClock) {
		this.dependency = dependency;
		this.timeouts = timeouts;
		this.cacheTtl = cacheTtl;
		this.listener = listener;
		this.extraDetails = extraDetails;
		this.detailMasker = detailMasker;
		this.threads = threads;
		this.nanoClock = nanoClock;
	}

	/**
	 * Return whether the contributor of the given top-level name is bounded.
	 * @param name the top-level name
	 * @return whether it is a dependency
	 */
	boolean isDependency(String name) {
		return this.dependency.test(name);
	}

	/**
	 * Return the bounded form of a top-level contributor, the same for the same source.
	 * @param name the top-level name
	 * @param contributor the contributor as registered
	 * @param decorator decorates a contributor, given its name and its bounded indicators
	 * @param <C> the contributor type
	 * @return the bounded contributor, or the contributor itself if it is no dependency
	 */
	@SuppressWarnings("unchecked")
	<C> C bound(String name, C contributor, Decorator<C> decorator) {
		if (!this.dependency.test(name)) {
			return contributor;
		}
		Bounded existing = this.bounded.get(name);
		if (existing != null && existing.source() == contributor) {
			return (C) existing.contributor();
		}
		// Atomically, so that concurrent first callers share one decorator and its checks
		return (C) this.bounded.compute(name, (key, current) -> {
			if (current != null && current.source() == contributor) {
				return current;
			}
			List<BoundedHealthIndicator> indicators = new ArrayList<>();
			Object decorated = decorator.decorate(name, contributor, indicators);
			return new Bounded(contributor, decorated, List.copyOf(indicators));
		}).contributor();
	}

	/**
	 * Register a registry's way to bind all its contributors, for {@link #warmUp}.
	 * @param binder binds every contributor of a registry without checking it
	 */
	void addBinder(Runnable binder) {
		this.binders.add(binder);
	}

	/**
	 * Forget the checks of a contributor that was unregistered.
	 * @param name the top-level name
	 */
	void forget(String name) {
		this.bounded.remove(name);
	}

	/**
	 * Start, without waiting, the check of every dependency whose result is stale, in all
	 * registries, so that an endpoint that reads them one after another waits for the
	 * slowest only, whichever registry it reads first.
	 */
	void refreshAllInBackground() {
		this.binders.forEach(Runnable::run);
		this.bounded.values()
			.forEach((value) -> value.indicators().forEach(BoundedHealthIndicator::refreshInBackground));
	}

	BoundedHealthIndicator indicator(String name, HealthIndicator delegate) {
		return new BoundedHealthIndicator(name, delegate, this.timeouts.apply(name), this.cacheTtl, this.threads,
				this.listener, this.extraDetails, this.detailMasker, this.nanoClock);
	}

	HealthContributor decorate(String name, HealthContributor contributor, List<BoundedHealthIndicator> indicators) {
		if (contributor instanceof BoundedHealthIndicator alreadyBounded) {
			indicators.add(alreadyBounded);
			return alreadyBounded;
		}
		if (contributor instanceof HealthIndicator indicator) {
			BoundedHealthIndicator boundedIndicator = indicator(name, indicator);
			indicators.add(boundedIndicator);
			return boundedIndicator;
		}
		if (contributor instanceof CompositeHealthContributor composite) {
			Map<String, HealthContributor> members = new LinkedHashMap<>();
			List<BoundedHealthIndicator> own = new ArrayList<>();
			composite.stream()
				.forEach((entry) -> members.put(entry.name(),
						decorate(name + "/" + entry.name(), entry.contributor(), own)));
			indicators.addAll(own);
			return new BoundedComposite(members, own);
		}
		return contributor;
	}

	/**
	 * Run every dependency check, all at the same time, and wait for them up to the given
	 * allowance; a check that answered but took longer than its timeout, as a client's
	 * first call does, runs again while the allowance lasts (at most
	 * {@value #WARM_UP_PASSES} times). A check still running at the end reads
	 * {@code DOWN} (timed out) until its next attempt. Clients connect and warm up here,
	 * before the first probe.
	 * @param allowance how long the checks may take
	 * @return the status of each checked component
	 */
	public Map<String, Status> warmUp(Duration allowance) {
		long deadline = this.nanoClock.getAsLong() + allowance.toNanos();
		this.binders.forEach(Runnable::run);
		List<BoundedHealthIndicator> all = this.bounded.values()
			.stream()
			.flatMap((value) -> value.indicators().stream())
			.toList();
		List<BoundedHealthIndicator> pending = all;
		for (int pass = 0; pass < WARM_UP_PASSES && !pending.isEmpty(); pass++) {
			long remaining = deadline - this.nanoClock.getAsLong();
			if (remaining <= 0) {
				break;
			}
			boolean again = pass > 0;
			List<CompletableFuture<Health>> checks = pending.stream()
				.map((indicator) -> indicator.warmUp(Duration.ofNanos(remaining), again))
				.toList();
			checks.forEach((check) -> {
				if (check != null) {
					await(check, deadline - this.nanoClock.getAsLong());
				}
			});
			pending = pending.stream().filter(BoundedHealthIndicator::wasSlow).toList();
		}
		Map<String, Status> statuses = new LinkedHashMap<>();
		all.forEach((indicator) -> statuses.put(indicator.getName(), indicator.latestStatus()));
		return statuses;
	}

	private static void await(CompletableFuture<Health> check, long remainingNanos) {
		try {
			check.get(Math.max(remainingNanos, 0), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// Reads DOWN (timed out) from now on, until its next attempt
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Decorates a top-level contributor, collecting its bounded indicators.
	 *
	 * @param <C> the contributor type
	 */
	@FunctionalInterface
	interface Decorator<C> {

		Object decorate(String name, C contributor, List<BoundedHealthIndicator> indicators);

	}

	/**
	 * A composite whose members are bounded; reading its members starts all their stale
	 * checks at once, so that the composite as a whole is bounded by one timeout.
	 */
	static final class BoundedComposite implements CompositeHealthContributor {

		private final Map<String, HealthContributor> members;

		private final List<BoundedHealthIndicator> indicators;

		BoundedComposite(Map<String, HealthContributor> members, List<BoundedHealthIndicator> indicators) {
			this.members = members;
			this.indicators = indicators;
		}

		@Override
		public @Nullable HealthContributor getContributor(String name) {
			return this.members.get(name);
		}

		@Override
		public Stream<HealthContributors.Entry> stream() {
			this.indicators.forEach(BoundedHealthIndicator::refreshInBackground);
			return this.members.entrySet()
				.stream()
				.map((entry) -> new HealthContributors.Entry(entry.getKey(), entry.getValue()));
		}

	}

	private record Bounded(Object source, Object contributor, List<BoundedHealthIndicator> indicators) {

	}

}
