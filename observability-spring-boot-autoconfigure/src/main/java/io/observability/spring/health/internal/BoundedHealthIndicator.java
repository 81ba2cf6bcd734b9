package io.observability.spring.health.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import io.observability.spring.health.HealthCheckListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@link HealthIndicator} decorator that runs each check of its delegate on a thread of
 * its own, bounds the time callers wait for it, caches its result and abandons a check
 * that hangs.
 * <p>
 * One check at a time (single flight): concurrent callers wait for the same check, until
 * its deadline, which counts from the moment the check starts running. A completed result
 * is reused for the cache time-to-live; so is a timed-out result, so that callers do not
 * queue behind a hung check. A check still running when that result goes stale is
 * abandoned (its thread is interrupted) and a new one starts; abandoned threads that
 * ignore the interrupt are bounded per dependency.
 *
 * @author Observability Spring Boot contributors
 */
final class BoundedHealthIndicator implements HealthIndicator {

	/**
	 * Threads of one dependency's checks that may be alive at once: the running check and
	 * abandoned ones that ignore their interrupt, as a socket read on a platform thread
	 * does. While this many abandoned ones are alive, no new check starts.
	 */
	static final int MAX_THREADS = 3;

	private static final Log logger = LogFactory.getLog(BoundedHealthIndicator.class);

	// Health.Builder#withException writes "<exception class name>: <message>", whatever
	// the class is called
	private static final Pattern EXCEPTION_DETAIL = Pattern
		.compile("^((?:[\\p{L}_$][\\p{L}\\p{N}_$]*\\.)+[\\p{L}_$][\\p{L}\\p{N}_$]*)(?::.*)?$", Pattern.DOTALL);

	private final String name;

	private final HealthIndicator delegate;

	private final long timeoutNanos;

	private final long cacheTtlNanos;

	private final CheckThreads threads;

	private final HealthCheckListener listener;

	private final Function<String, Map<String, Object>> extraDetails;

	private final BiFunction<String, String, String> detailMasker;

	private final LongSupplier nanoClock;

	private final AtomicInteger abandonedThreads = new AtomicInteger();

	private final Object lock = new Object();

	private @Nullable Check running;

	private volatile @Nullable Result latest;

	private volatile long lastDurationNanos;

	BoundedHealthIndicator(String name, HealthIndicator delegate, Duration timeout, Duration cacheTtl,
			CheckThreads threads, HealthCheckListener listener, Function<String, Map<String, Object>> extraDetails,
			LongSupplier nanoClock) {
		this(name, delegate, timeout, cacheTtl, threads, listener, extraDetails, (key, value) -> value, nanoClock);
	}

	BoundedHealthIndicator(String name, HealthIndicator delegate, Duration timeout, Duration cacheTtl,
			CheckThreads threads, HealthCheckListener listener, Function<String, Map<String, Object>> extraDetails,
			BiFunction<String, String, String> detailMasker, LongSupplier nanoClock) {
		this.name = name;
		this.delegate = delegate;
		this.timeoutNanos = timeout.toNanos();
		this.cacheTtlNanos = cacheTtl.toNanos();
		this.threads = threads;
		this.listener = listener;
		this.extraDetails = extraDetails;
		this.detailMasker = detailMasker;
		this.nanoClock = nanoClock;
	}

	static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	String getName() {
		return this.name;
	}

	HealthIndicator getDelegate() {
		return this.delegate;
	}

	@Override
	public Health health() {
		Object state = refresh(this.timeoutNanos);
		return (state instanceof Check check) ? await(check) : (Health) state;
	}

	/**
	 * Return the health as {@link #health()} does, without blocking the caller: the
	 * future completes with the check's result or, at its deadline, with the timed-out
	 * result.
	 * @return the future health
	 */
	CompletableFuture<Health> healthAsync() {
		Object state = refresh(this.timeoutNanos);
		if (!(state instanceof Check check)) {
			return CompletableFuture.completedFuture((Health) state);
		}
		long remaining = Math.max(check.deadline() - this.nanoClock.getAsLong(), 0);
		return check.future()
			.copy()
			.orTimeout(remaining, TimeUnit.NANOSECONDS)
			.handle((health, ex) -> (health != null) ? health : timedOut(check));
	}

	private Health timedOut(Check check) {
		synchronized (this.lock) {
			if (!check.future().isDone()) {
				recordTimeout(check);
				return this.latest.health();
			}
		}
		return check.future().join();
	}

	/**
	 * Start a check when the latest result is stale and none is running, without waiting
	 * for it.
	 */
	void refreshInBackground() {
		refresh(this.timeoutNanos);
	}

	/**
	 * Start a check with the given deadline unless a fresh result exists.
	 * @param timeout the deadline of a check started now
	 * @param again whether to check again even if a fresh result exists
	 * @return the check to wait for, or {@code null} if a fresh result exists
	 */
	@Nullable CompletableFuture<Health> warmUp(Duration timeout, boolean again) {
		Object state = refresh(timeout.toNanos(), again);
		return (state instanceof Check check) ? check.future() : null;
	}

	/**
	 * Return whether the latest check completed, but took longer than the timeout, as a
	 * client's first calls do.
	 * @return whether the latest check was slow
	 */
	boolean wasSlow() {
		synchronized (this.lock) {
			return this.running == null && this.lastDurationNanos > this.timeoutNanos;
		}
	}

	/**
	 * Return the status of the latest result without starting or waiting for a check.
	 * @return the latest status, {@link Status#UNKNOWN} before the first result
	 */
	Status latestStatus() {
		synchronized (this.lock) {
			Check check = this.running;
			if (check != null && check.isPastDeadline(this.nanoClock.getAsLong())) {
				recordTimeout(check);
			}
		}
		Result result = this.latest;
		return (result != null) ? result.health().getStatus() : Status.UNKNOWN;
	}

	private Object refresh(long timeoutNanos) {
		return refresh(timeoutNanos, false);
	}

	/**
	 * Return the fresh result, or the running check, starting a check when needed.
	 * @param timeoutNanos the deadline of a check started now
	 * @param again whether to start a check even if a fresh result exists
	 * @return the {@link Health} to answer with, or the {@link Check} to wait for
	 */
	private Object refresh(long timeoutNanos, boolean again) {
		synchronized (this.lock) {
			long now = this.nanoClock.getAsLong();
			Check check = this.running;
			if (check != null && !check.isPastDeadline(now)) {
				return check;
			}
			if (check != null) {
				recordTimeout(check);
			}
			Result result = this.latest;
			if (!again && result != null && now - result.completedNanos() < this.cacheTtlNanos) {
				return result.health();
			}
			if (check != null) {
				abandon(check);
			}
			if (this.abandonedThreads.get() >= MAX_THREADS) {
				Health stillHung = Health.down()
					.withDetail("error", "earlier checks still hung, no new check started")
					.build();
				this.latest = new Result(stillHung, now);
				return stillHung;
			}
			check = new Check(now, timeoutNanos, new CompletableFuture<>());
			this.running = check;
			start(check);
			return check;
		}
	}

	private void start(Check check) {
		try {
			check.thread = this.threads.start("health-check-" + this.name, () -> run(check));
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			// No thread, no check: the failure reads like any other
			complete(check, Health.down().withDetail("error", ex.getClass().getName()).build(), 0);
		}
	}

	private void run(Check check) {
		check.startNanos = this.nanoClock.getAsLong();
		check.started = true;
		Health health;
		try {
			Health result = this.delegate.health();
			health = (result != null) ? result : Health.unknown().build();
		}
		catch (Throwable ex) {
			health = Health.down().withDetail("error", ex.getClass().getName()).build();
		}
		finally {
			synchronized (this.lock) {
				check.finished = true;
				if (check.countedAsAbandoned) {
					this.abandonedThreads.decrementAndGet();
				}
			}
		}
		long duration = this.nanoClock.getAsLong() - check.startNanos;
		this.lastDurationNanos = duration;
		complete(check, withExtraDetails(masked(safe(health)), duration), duration);
	}

	private void complete(Check check, Health health, long durationNanos) {
		synchronized (this.lock) {
			if (check.abandoned) {
				return;
			}
			this.latest = new Result(health, this.nanoClock.getAsLong());
			if (this.running == check) {
				this.running = null;
			}
		}
		notifyListener(() -> this.listener.onCheckCompleted(this.name, health, Duration.ofNanos(durationNanos)));
		check.future().complete(health);
	}

	private void recordTimeout(Check check) {
		if (!check.timedOut) {
			check.timedOut = true;
			Duration timeout = Duration.ofNanos(check.timeoutNanos);
			this.latest = new Result(Health.down().withDetail("error", "timed out after " + format(timeout)).build(),
					check.deadline());
			notifyListener(() -> this.listener.onCheckTimedOut(this.name, timeout));
		}
	}

	private void abandon(Check check) {
		check.abandoned = true;
		this.running = null;
		Thread thread = check.thread;
		if (thread != null && !check.finished) {
			check.countedAsAbandoned = true;
			this.abandonedThreads.incrementAndGet();
			thread.interrupt();
		}
		notifyListener(() -> this.listener.onCheckAbandoned(this.name));
		check.future().complete(this.latest.health());
	}

	private Health await(Check check) {
		long waited = 0;
		while (true) {
			long remaining = check.deadline() - this.nanoClock.getAsLong();
			// A check that started late moves its deadline; waiting once more covers it
			if (remaining <= 0 || waited >= 2) {
				return timedOut(check);
			}
			try {
				return check.future().get(remaining, TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				waited++;
			}
			catch (ExecutionException ex) {
				return Health.down().withDetail("error", ex.getCause().getClass().getName()).build();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Health.down().withDetail("error", "interrupted").build();
			}
		}
	}

	private Health withExtraDetails(Health health, long durationNanos) {
		Map<String, Object> details = new LinkedHashMap<>(health.getDetails());
		details.putIfAbsent("latencyMs", TimeUnit.NANOSECONDS.toMillis(durationNanos));
		try {
			this.extraDetails.apply(this.name).forEach(details::putIfAbsent);
		}
		catch (RuntimeException ex) {
			// Extra details are a courtesy: the check result stands without them
		}
		return Health.status(health.getStatus()).withDetails(details).build();
	}

	/**
	 * Return the health with the exception type instead of any exception message in its
	 * {@code error} detail: messages can carry connection strings, hosts or keys.
	 * @param health the health to check
	 * @return the health without exception messages
	 */
	static Health safe(Health health) {
		Object error = health.getDetails().get("error");
		if (!(error instanceof String text)) {
			return health;
		}
		var matcher = EXCEPTION_DETAIL.matcher(text);
		if (!matcher.matches() || matcher.group(1).equals(text)) {
			return health;
		}
		Map<String, Object> details = new LinkedHashMap<>(health.getDetails());
		details.put("error", matcher.group(1));
		return Health.status(health.getStatus()).withDetails(details).build();
	}

	/**
	 * Return the health with every text detail, nested ones included, masked: an
	 * indicator's details can name a URL with a password or a key.
	 * @param health the health to mask
	 * @return the masked health
	 */
	private Health masked(Health health) {
		if (health.getDetails().isEmpty()) {
			return health;
		}
		return Health.status(health.getStatus()).withDetails(maskAll(health.getDetails())).build();
	}

	private Map<String, Object> maskAll(Map<?, ?> details) {
		Map<String, Object> masked = new LinkedHashMap<>();
		details.forEach((key, value) -> masked.put(String.valueOf(key), mask(String.valueOf(key), value)));
		return masked;
	}

	private @Nullable Object mask(String key, @Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			return maskAll(map);
		}
		if (value instanceof CharSequence text) {
			try {
				return this.detailMasker.apply(key, text.toString());
			}
			catch (RuntimeException ex) {
				// A detail that cannot be masked is not shown
				return "(masking failed)";
			}
		}
		return value;
	}

	private void notifyListener(Runnable notification) {
		try {
			notification.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Health check listener failed for '" + this.name + "'", ex);
		}
	}

	@Override
	public String toString() {
		return "BoundedHealthIndicator[" + this.name + " -> " + this.delegate.getClass().getName() + "]";
	}

	private static final class Check {

		private final long createdNanos;

		private final long timeoutNanos;

		private final CompletableFuture<Health> future;

		private volatile long startNanos;

		private volatile boolean started;

		private volatile boolean finished;

		private volatile boolean countedAsAbandoned;

		private volatile @Nullable Thread thread;

		private volatile boolean timedOut;

		private volatile boolean abandoned;

		Check(long createdNanos, long timeoutNanos, CompletableFuture<Health> future) {
			this.createdNanos = createdNanos;
			this.timeoutNanos = timeoutNanos;
			this.future = future;
		}

		CompletableFuture<Health> future() {
			return this.future;
		}

		long deadline() {
			long start = this.started ? Math.max(this.startNanos, this.createdNanos) : this.createdNanos;
			return start + this.timeoutNanos;
		}

		boolean isPastDeadline(long now) {
			return !this.future.isDone() && now - deadline() >= 0;
		}

	}

	private record Result(Health health, long completedNanos) {

	}

}
