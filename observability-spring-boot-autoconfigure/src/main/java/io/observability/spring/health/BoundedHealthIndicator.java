package io.observability.spring.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@link HealthIndicator} decorator that bounds the time a caller waits for a check, runs
 * the check on an {@link Executor} and caches its result.
 * <p>
 * At most one check of the delegate runs at a time (single flight): concurrent callers
 * wait for the same check. A completed result is reused for the cache time-to-live. A
 * caller waits until the running check's deadline (its start plus the timeout) and then
 * gets {@link Status#DOWN} with {@code error: timed out after …}; the check itself goes
 * on in the background and its result serves later callers. As the deadline counts from
 * the start of the check, not from the call, checks started together time out together
 * even when callers wait for them one after another.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class BoundedHealthIndicator implements HealthIndicator {

	private final String name;

	private final HealthIndicator delegate;

	private final long timeoutNanos;

	private final long cacheTtlNanos;

	private final Executor executor;

	private final HealthCheckListener listener;

	private final Runnable onStale;

	private final LongSupplier nanoClock;

	private final Health timedOut;

	private final AtomicReference<@Nullable Check> running = new AtomicReference<>();

	private volatile @Nullable Result latest;

	/**
	 * Create a new instance.
	 * @param name the name of the checked component, used in metrics and messages
	 * @param delegate the indicator that performs the check
	 * @param timeout how long a caller waits for a check
	 * @param cacheTtl how long a completed result is reused
	 * @param executor the executor that runs the checks
	 * @param listener notified when a check completes
	 * @param onStale called when a caller finds the result stale, before it waits; lets
	 * the owner start related checks at the same time
	 */
	public BoundedHealthIndicator(String name, HealthIndicator delegate, Duration timeout, Duration cacheTtl,
			Executor executor, HealthCheckListener listener, Runnable onStale) {
		this(name, delegate, timeout, cacheTtl, executor, listener, onStale, System::nanoTime);
	}

	BoundedHealthIndicator(String name, HealthIndicator delegate, Duration timeout, Duration cacheTtl,
			Executor executor, HealthCheckListener listener, Runnable onStale, LongSupplier nanoClock) {
		this.name = name;
		this.delegate = delegate;
		this.timeoutNanos = timeout.toNanos();
		this.cacheTtlNanos = cacheTtl.toNanos();
		this.executor = executor;
		this.listener = listener;
		this.onStale = onStale;
		this.nanoClock = nanoClock;
		this.timedOut = Health.down().withDetail("error", "timed out after " + format(timeout)).build();
	}

	static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	/**
	 * Return the name of the checked component.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the decorated indicator.
	 * @return the delegate
	 */
	public HealthIndicator getDelegate() {
		return this.delegate;
	}

	@Override
	public Health health() {
		Result result = this.latest;
		if (isFresh(result)) {
			return result.health();
		}
		this.onStale.run();
		Check check = refreshIfStale();
		if (check == null) {
			Result refreshed = this.latest;
			return (refreshed != null) ? refreshed.health() : this.timedOut;
		}
		long remaining = check.startNanos() + this.timeoutNanos - this.nanoClock.getAsLong();
		if (remaining <= 0 && !check.future().isDone()) {
			return this.timedOut;
		}
		try {
			return check.future().get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return this.timedOut;
		}
		catch (ExecutionException ex) {
			return Health.down().withDetail("error", ex.getCause().getClass().getName()).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.down().withDetail("error", "interrupted").build();
		}
	}

	/**
	 * Start a check unless a fresh result exists or a check is already running; never
	 * waits.
	 * @return the running check, or {@code null} if the latest result is fresh
	 */
	@Nullable Check refreshIfStale() {
		while (true) {
			Check current = this.running.get();
			if (current != null) {
				return current;
			}
			if (isFresh(this.latest)) {
				return null;
			}
			Check check = new Check(this.nanoClock.getAsLong(), new CompletableFuture<>());
			if (this.running.compareAndSet(null, check)) {
				start(check);
				return check;
			}
		}
	}

	/**
	 * Return the status that a caller would get now, without waiting: {@code DOWN} if the
	 * running check is past its deadline, otherwise the status of the latest result
	 * ({@link Status#UNKNOWN} before the first check completes). Starts a check in the
	 * background when the latest result is stale.
	 * @return the current status
	 */
	public Status currentStatus() {
		Check check = refreshIfStale();
		if (check != null && !check.future().isDone()
				&& this.nanoClock.getAsLong() - check.startNanos() >= this.timeoutNanos) {
			return Status.DOWN;
		}
		Result result = this.latest;
		return (result != null) ? result.health().getStatus() : Status.UNKNOWN;
	}

	private void start(Check check) {
		try {
			this.executor.execute(() -> run(check));
		}
		catch (RejectedExecutionException ex) {
			complete(check, Health.down().withDetail("error", "check rejected: too many checks running").build(),
					false);
		}
	}

	private void run(Check check) {
		long start = this.nanoClock.getAsLong();
		Health health;
		try {
			Health result = this.delegate.health();
			health = (result != null) ? result : Health.unknown().build();
		}
		catch (Exception ex) {
			// Class name only: exception messages can carry connection strings or keys
			health = Health.down().withDetail("error", ex.getClass().getName()).build();
		}
		try {
			// Before completing, so that waiting callers find the check recorded
			this.listener.onCheckCompleted(this.name, health, Duration.ofNanos(this.nanoClock.getAsLong() - start));
		}
		catch (RuntimeException ex) {
			// A listener must not break health checks
		}
		complete(check, health, true);
	}

	private void complete(Check check, Health health, boolean cache) {
		if (cache) {
			this.latest = new Result(health, this.nanoClock.getAsLong());
		}
		this.running.set(null);
		check.future().complete(health);
	}

	private boolean isFresh(@Nullable Result result) {
		return result != null && this.nanoClock.getAsLong() - result.completedNanos() < this.cacheTtlNanos;
	}

	@Override
	public String toString() {
		return "BoundedHealthIndicator[" + this.name + " -> " + this.delegate.getClass().getName() + "]";
	}

	record Check(long startNanos, CompletableFuture<Health> future) {

	}

	private record Result(Health health, long completedNanos) {

	}

}
