package io.observability.spring.profiling;

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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Samples the stacks of calls that run past a fraction of their slow threshold, and only
 * of those. Calls register when they start and finish when they stop; one daemon watchdog
 * thread, started with the first call and stopped by {@link #close()}, wakes up every
 * interval, and takes the stacks of all the threads due in one batch (one safepoint on
 * Java 17, however many calls are slow). A call that ends before it is due costs a queue
 * insertion and two volatile writes: no clock read, no lock, no sample.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class SlowCallProfiler implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SlowCallProfiler.class);

	private static final int MAX_DISTINCT_FRAMES = 32;

	private final long intervalNanos;

	private final double startFraction;

	private final int maxSamples;

	private final int stackDepth;

	private final int maxThreads;

	private final HotFrames hotFrames;

	private final Queue<ProfiledCall> registered = new ConcurrentLinkedQueue<>();

	private final AtomicLong samplesTaken = new AtomicLong();

	private final Object lifecycleMonitor = new Object();

	/** When the watchdog last woke up: the start time given to new calls. */
	private volatile long tickNanos = System.nanoTime();

	/** Ticks of the watchdog, written by the watchdog only. */
	private volatile long ticks;

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
	}

	/**
	 * Return how many stack samples this profiler has taken.
	 * @return the number of samples
	 */
	public long samplesTaken() {
		return this.samplesTaken.get();
	}

	long ticks() {
		return this.ticks;
	}

	int registeredCalls() {
		return this.registered.size();
	}

	ProfiledCall register(long thresholdNanos) {
		Thread current = this.watchdog;
		if (current == null) {
			startWatchdog();
		}
		// The watchdog's last tick, not a clock read: sampling starts at most one
		// interval
		// early
		ProfiledCall call = new ProfiledCall(this.tickNanos, thresholdNanos, this.startFraction);
		if (!this.closed) {
			this.registered.offer(call);
		}
		return call;
	}

	@Nullable String finish(ProfiledCall call) {
		return call.finish(this.hotFrames);
	}

	private void startWatchdog() {
		synchronized (this.lifecycleMonitor) {
			if (this.watchdog != null || this.closed) {
				return;
			}
			this.tickNanos = System.nanoTime();
			Thread thread = new Thread(this::watch, "observability-slow-call-profiler");
			thread.setDaemon(true);
			thread.start();
			this.watchdog = thread;
		}
	}

	private void watch() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		List<ProfiledCall> active = new ArrayList<>();
		List<ProfiledCall> due = new ArrayList<>();
		List<Thread> dueThreads = new ArrayList<>();
		while (!this.closed) {
			LockSupport.parkNanos(this.intervalNanos);
			long now = System.nanoTime();
			this.tickNanos = now;
			this.ticks++;
			try {
				tick(threads, now, active, due, dueThreads);
			}
			catch (Throwable ex) {
				// The watchdog never dies: a failed tick only loses its samples
				logger.debug("Stack sampling failed", ex);
			}
			finally {
				due.clear();
				dueThreads.clear();
			}
		}
		active.clear();
		this.registered.clear();
	}

	private void tick(ThreadMXBean threads, long now, List<ProfiledCall> active, List<ProfiledCall> due,
			List<Thread> dueThreads) {
		for (ProfiledCall call = this.registered.poll(); call != null; call = this.registered.poll()) {
			if (!call.isFinished()) {
				active.add(call);
			}
		}
		for (int i = active.size() - 1; i >= 0; i--) {
			ProfiledCall call = active.get(i);
			if (call.isFinished()) {
				// Forget finished calls at once, in any order
				ProfiledCall last = active.remove(active.size() - 1);
				if (last != call) {
					active.set(i, last);
				}
				continue;
			}
			Thread thread = call.threadToSample(now, this.maxSamples);
			if (thread != null) {
				due.add(call);
				dueThreads.add(thread);
			}
		}
		if (due.isEmpty()) {
			return;
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
			LockSupport.unpark(thread);
		}
	}

}
