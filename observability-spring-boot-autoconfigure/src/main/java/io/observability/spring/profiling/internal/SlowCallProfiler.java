package io.observability.spring.profiling.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Samples the stacks of calls that run past a fraction of their slow threshold, and only
 * of those. Calls register when they start and finish when they stop; one daemon watchdog
 * thread, started with the first call and stopped by {@link #close()}, sleeps until the
 * earliest moment a call can be due, then wakes up every interval while calls are due and
 * takes the stacks of all the threads due in one batch (one safepoint on Java 17, however
 * many calls are slow). With no call due it wakes up once per smallest start offset
 * (threshold × start fraction) a call has had, and at least once a second. A call that
 * ends before it is due costs a clock read, a queue insertion and two volatile writes: no
 * lock, no sample, and no wake-up of the watchdog.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class SlowCallProfiler implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SlowCallProfiler.class);

	private static final int MAX_DISTINCT_FRAMES = 32;

	/** Longest sleep of the watchdog: bounds the finished calls left in the queue. */
	private static final long MAX_PARK_NANOS = Duration.ofSeconds(1).toNanos();

	private final long intervalNanos;

	private final double startFraction;

	private final int maxSamples;

	private final int stackDepth;

	private final int maxThreads;

	private final HotFrames hotFrames;

	private final LongSupplier nanoClock;

	private final Parking parking;

	private final Queue<ProfiledCall> registered = new ConcurrentLinkedQueue<>();

	private final AtomicLong samplesTaken = new AtomicLong();

	private final Object lifecycleMonitor = new Object();

	/**
	 * Smallest threshold × start fraction of any call so far: a call registered while the
	 * watchdog sleeps for at most this long cannot be due before it wakes up. Only
	 * lowered, under the lifecycle monitor.
	 */
	private volatile long smallestOffsetNanos = Long.MAX_VALUE;

	/** Ticks of the watchdog, read and written by the watchdog only. */
	private long ticks;

	private volatile @Nullable Thread watchdog;

	private volatile boolean closed;

	/**
	 * Create a new profiler.
	 * @param interval time between two samples of a call
	 * @param startFraction fraction of a call's slow threshold after which it is sampled
	 * @param maxSamples samples taken of one call at most
	 * @param stackDepth innermost frames taken per sample
	 * @param maxThreads threads sampled per interval at most; when more calls are due,
	 * they take turns
	 * @param maxFrames frames named in a summary
	 * @param frameworkPackages package prefixes whose frames are folded into the
	 * application frame that called them, besides the built-in ones
	 */
	public SlowCallProfiler(Duration interval, double startFraction, int maxSamples, int stackDepth, int maxThreads,
			int maxFrames, List<String> frameworkPackages) {
		this(interval, startFraction, maxSamples, stackDepth, maxThreads, maxFrames, frameworkPackages,
				System::nanoTime, Parking.LOCK_SUPPORT);
	}

	SlowCallProfiler(Duration interval, double startFraction, int maxSamples, int stackDepth, int maxThreads,
			int maxFrames, List<String> frameworkPackages, LongSupplier nanoClock, Parking parking) {
		Assert.isTrue(!interval.isNegative() && !interval.isZero(), "interval must be positive");
		Assert.isTrue(startFraction >= 0 && startFraction <= 1, "startFraction must be between 0 and 1");
		Assert.isTrue(maxSamples > 0, "maxSamples must be positive");
		Assert.isTrue(stackDepth > 0, "stackDepth must be positive");
		Assert.isTrue(maxThreads > 0, "maxThreads must be positive");
		Assert.isTrue(maxFrames > 0, "maxFrames must be positive");
		this.intervalNanos = interval.toNanos();
		this.startFraction = startFraction;
		this.maxSamples = maxSamples;
		this.stackDepth = stackDepth;
		this.maxThreads = maxThreads;
		this.hotFrames = new HotFrames(frameworkPackages, maxFrames);
		this.nanoClock = nanoClock;
		this.parking = parking;
	}

	/**
	 * Return how many stack samples this profiler has taken.
	 * @return the number of samples
	 */
	public long samplesTaken() {
		return this.samplesTaken.get();
	}

	int registeredCalls() {
		return this.registered.size();
	}

	ProfiledCall register(long thresholdNanos) {
		long offsetNanos = (long) (thresholdNanos * this.startFraction);
		if (this.watchdog == null || offsetNanos < this.smallestOffsetNanos) {
			watchSooner(offsetNanos);
		}
		// Read after the watchdog's sleep was shortened, so that it wakes up no later
		// than this call is due
		ProfiledCall call = new ProfiledCall(this.nanoClock.getAsLong(), thresholdNanos, offsetNanos);
		if (!this.closed) {
			this.registered.offer(call);
		}
		return call;
	}

	@Nullable String finish(ProfiledCall call) {
		return call.finish(this.hotFrames, this.nanoClock);
	}

	// Rare: the first call, or a call with a smaller offset than any before
	private void watchSooner(long offsetNanos) {
		Thread sleeping = null;
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return;
			}
			boolean sooner = offsetNanos < this.smallestOffsetNanos;
			if (sooner) {
				this.smallestOffsetNanos = offsetNanos;
			}
			if (this.watchdog == null) {
				// Reads the offset when it first goes to sleep: no unpark needed
				Thread thread = new Thread(this::watch, "observability-slow-call-profiler");
				thread.setDaemon(true);
				thread.start();
				this.watchdog = thread;
			}
			else if (sooner) {
				sleeping = this.watchdog;
			}
		}
		if (sleeping != null) {
			this.parking.unpark(sleeping);
		}
	}

	private void watch() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		List<ProfiledCall> active = new ArrayList<>();
		List<ProfiledCall> due = new ArrayList<>();
		List<Thread> dueThreads = new ArrayList<>();
		while (!this.closed) {
			long now = this.nanoClock.getAsLong();
			this.ticks++;
			long sleepNanos = this.intervalNanos;
			try {
				sleepNanos = tick(threads, now, active, due, dueThreads);
			}
			catch (Throwable ex) {
				// The watchdog never dies: a failed tick only loses its samples
				logger.debug("Stack sampling failed", ex);
			}
			finally {
				due.clear();
				dueThreads.clear();
			}
			if (!this.closed) {
				this.parking.parkNanos(sleepNanos);
			}
		}
		active.clear();
		this.registered.clear();
	}

	// Samples the calls due and returns how long to sleep: until the earliest moment a
	// call can be due, a call registered from now on included, but at least an interval
	private long tick(ThreadMXBean threads, long now, List<ProfiledCall> active, List<ProfiledCall> due,
			List<Thread> dueThreads) {
		long sleepNanos = Math.min(this.smallestOffsetNanos, MAX_PARK_NANOS);
		for (ProfiledCall call = this.registered.poll(); call != null; call = this.registered.poll()) {
			if (!call.isFinished()) {
				active.add(call);
			}
		}
		for (int i = active.size() - 1; i >= 0; i--) {
			ProfiledCall call = active.get(i);
			if (call.isDone(this.maxSamples)) {
				// Forget finished calls, and calls with all their samples, at once
				ProfiledCall last = active.remove(active.size() - 1);
				if (last != call) {
					active.set(i, last);
				}
				continue;
			}
			long untilDue = call.sampleFromNanos() - now;
			if (untilDue > 0) {
				sleepNanos = Math.min(sleepNanos, untilDue);
				continue;
			}
			// Due, with or without a thread in scope now: looked at again next interval
			sleepNanos = this.intervalNanos;
			Thread thread = call.threadToSample(now, this.maxSamples);
			if (thread != null) {
				due.add(call);
				dueThreads.add(thread);
			}
		}
		sleepNanos = Math.max(sleepNanos, this.intervalNanos);
		if (due.isEmpty()) {
			return sleepNanos;
		}
		// Bounds the pause of a tick when many calls are slow at once (a dependency
		// down):
		// they take turns, one window of the list after the other
		int size = due.size();
		int count = Math.min(size, this.maxThreads);
		int offset = (size > count) ? (int) ((this.ticks * count) % size) : 0;
		long[] ids = new long[count];
		for (int i = 0; i < count; i++) {
			ids[i] = dueThreads.get((offset + i) % size).getId();
		}
		ThreadInfo[] infos = threads.getThreadInfo(ids, this.stackDepth);
		for (int i = 0; i < infos.length; i++) {
			ThreadInfo info = infos[i];
			String frame = (info != null) ? this.hotFrames.attribute(info.getStackTrace()) : null;
			if (frame != null) {
				int index = (offset + i) % size;
				due.get(index).record(dueThreads.get(index), frame, MAX_DISTINCT_FRAMES);
				this.samplesTaken.incrementAndGet();
			}
		}
		return sleepNanos;
	}

	/**
	 * Stop the watchdog thread; calls that start afterwards are not profiled.
	 */
	@Override
	public void close() {
		Thread thread;
		synchronized (this.lifecycleMonitor) {
			this.closed = true;
			thread = this.watchdog;
			this.registered.clear();
		}
		if (thread != null) {
			this.parking.unpark(thread);
		}
	}

	/**
	 * How the watchdog sleeps and is woken up; replaced in tests that move time
	 * themselves.
	 */
	interface Parking {

		/**
		 * Parking with {@link LockSupport}.
		 */
		Parking LOCK_SUPPORT = new Parking() {

			@Override
			public void parkNanos(long nanos) {
				LockSupport.parkNanos(nanos);
			}

			@Override
			public void unpark(Thread thread) {
				LockSupport.unpark(thread);
			}

		};

		/**
		 * Sleep for the given time at most, or until {@link #unpark(Thread) unparked};
		 * may return earlier for no reason.
		 * @param nanos the longest sleep
		 */
		void parkNanos(long nanos);

		/**
		 * Wake up the given thread if it sleeps in {@link #parkNanos(long)}, or let its
		 * next sleep return at once.
		 * @param thread the watchdog
		 */
		void unpark(Thread thread);

	}

}
