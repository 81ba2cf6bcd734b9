package io.observability.spring.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;

/**
 * {@link HealthContributorRegistry} decorator that bounds every dependency contributor:
 * each {@link HealthIndicator} of a dependency, including the members of a composite, is
 * returned as a {@link BoundedHealthIndicator}, whoever registered it.
 * <p>
 * The checks run on a small pool owned by this registry. When a caller asks any bounded
 * indicator for its health and the result is stale, the stale checks of all dependencies
 * are started together, so that an endpoint that reads them one after another waits for
 * the slowest of them only, not for the sum.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class BoundedHealthContributorRegistry implements HealthContributorRegistry, AutoCloseable {

	private static final AtomicInteger threadCounter = new AtomicInteger();

	private final HealthContributorRegistry delegate;

	private final Predicate<String> dependency;

	private final Function<String, Duration> timeouts;

	private final Duration cacheTtl;

	private final HealthCheckListener listener;

	private final ExecutorService executor;

	private final ConcurrentMap<String, Bounded> bounded = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param delegate the registry to decorate
	 * @param dependency which top-level contributor names are dependencies to bound
	 * @param timeouts the timeout of each top-level contributor name
	 * @param cacheTtl how long a completed result is reused
	 * @param threads the maximum number of checks that run at the same time
	 * @param listener notified when a check completes
	 */
	public BoundedHealthContributorRegistry(HealthContributorRegistry delegate, Predicate<String> dependency,
			Function<String, Duration> timeouts, Duration cacheTtl, int threads, HealthCheckListener listener) {
		this.delegate = delegate;
		this.dependency = dependency;
		this.timeouts = timeouts;
		this.cacheTtl = cacheTtl;
		this.listener = listener;
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "health-check-" + threadCounter.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		this.executor = executor;
	}

	/**
	 * Return the decorated registry.
	 * @return the delegate
	 */
	public HealthContributorRegistry getDelegate() {
		return this.delegate;
	}

	@Override
	public void registerContributor(String name, HealthContributor contributor) {
		this.delegate.registerContributor(name, contributor);
	}

	@Override
	public @Nullable HealthContributor unregisterContributor(String name) {
		this.bounded.remove(name);
		return this.delegate.unregisterContributor(name);
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		HealthContributor contributor = this.delegate.getContributor(name);
		return (contributor != null) ? bound(name, contributor) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.delegate.stream()
			.map((entry) -> new HealthContributors.Entry(entry.name(), bound(entry.name(), entry.contributor())));
	}

	private HealthContributor bound(String name, HealthContributor contributor) {
		if (!this.dependency.test(name)) {
			return contributor;
		}
		Bounded existing = this.bounded.get(name);
		if (existing != null && existing.source() == contributor) {
			return existing.contributor();
		}
		// Atomically, so that concurrent first callers share one decorator and its checks
		return this.bounded.compute(name, (key, current) -> {
			if (current != null && current.source() == contributor) {
				return current;
			}
			List<BoundedHealthIndicator> indicators = new ArrayList<>();
			HealthContributor decorated = decorate(name, contributor, this.timeouts.apply(name), indicators);
			return new Bounded(contributor, decorated, indicators);
		}).contributor();
	}

	private HealthContributor decorate(String name, HealthContributor contributor, Duration timeout,
			List<BoundedHealthIndicator> indicators) {
		if (contributor instanceof BoundedHealthIndicator alreadyBounded) {
			indicators.add(alreadyBounded);
			return alreadyBounded;
		}
		if (contributor instanceof HealthIndicator indicator) {
			BoundedHealthIndicator boundedIndicator = new BoundedHealthIndicator(name, indicator, timeout,
					this.cacheTtl, this.executor, this.listener, this::startStaleChecks);
			indicators.add(boundedIndicator);
			return boundedIndicator;
		}
		if (contributor instanceof CompositeHealthContributor composite) {
			Map<String, HealthContributor> members = new LinkedHashMap<>();
			composite.stream()
				.forEach((entry) -> members.put(entry.name(),
						decorate(name + "/" + entry.name(), entry.contributor(), timeout, indicators)));
			return CompositeHealthContributor.fromMap(members);
		}
		return contributor;
	}

	/**
	 * Start the checks of every dependency whose result is stale, without waiting. Called
	 * whenever a caller finds a stale result, and at start-up so that clients connect and
	 * warm up before the first probe.
	 */
	public void startStaleChecks() {
		// Bounds dependencies that no caller has asked for yet, such as the ones an
		// endpoint is about to read one after another
		this.delegate.stream().forEach((entry) -> bound(entry.name(), entry.contributor()));
		this.bounded.values().forEach((value) -> value.indicators().forEach(BoundedHealthIndicator::refreshIfStale));
	}

	/**
	 * Stop the threads that run checks.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private record Bounded(HealthContributor source, HealthContributor contributor,
			List<BoundedHealthIndicator> indicators) {

	}

}
