package io.observability.spring.profiling.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * One call followed by the {@link SlowCallProfiler}: the thread that runs it and, once it
 * is past its start fraction, the frames sampled from that thread. It never references
 * the observation, its context or the request, and lets go of the thread when the call
 * finishes.
 *
 * @author Observability Spring Boot contributors
 */
final class ProfiledCall {

	private final long startNanos;

	private final long sampleFromNanos;

	private final long thresholdNanos;

	/** The thread whose scope of the observation is open; the one sampled. */
	private volatile @Nullable Thread thread;

	/** Scopes opened on {@link #thread}, written by that thread only. */
	private int scopeDepth;

	private volatile boolean finished;

	/** Whether the watchdog has begun to sample, so that a fast finish skips the lock. */
	private volatile boolean sampling;

	/** Innermost application frame → samples; guarded by {@code this}. */
	private @Nullable Map<String, int[]> frames;

	private int samples;

	ProfiledCall(long startNanos, long thresholdNanos, long sampleAfterNanos) {
		this.startNanos = startNanos;
		this.thresholdNanos = thresholdNanos;
		this.sampleFromNanos = startNanos + sampleAfterNanos;
	}

	void scopeOpened() {
		Thread current = Thread.currentThread();
		if (this.thread == current) {
			this.scopeDepth++;
		}
		else {
			this.thread = current;
			this.scopeDepth = 1;
		}
	}

	void scopeClosed() {
		if (this.thread == Thread.currentThread() && --this.scopeDepth <= 0) {
			// The thread goes back to other work, an async request's to its pool
			this.thread = null;
			this.scopeDepth = 0;
		}
	}

	void scopeReset() {
		if (this.thread == Thread.currentThread()) {
			this.thread = null;
			this.scopeDepth = 0;
		}
	}

	boolean isFinished() {
		return this.finished;
	}

	long sampleFromNanos() {
		return this.sampleFromNanos;
	}

	// Whether the watchdog has nothing more to do with this call; read by the watchdog,
	// the only thread that counts samples
	boolean isDone(int maxSamples) {
		return this.finished || this.samples >= maxSamples;
	}

	// The thread to sample now; null when the call is not due yet, has no thread in
	// scope or has all its samples
	@Nullable Thread threadToSample(long nowNanos, int maxSamples) {
		if (this.finished || nowNanos - this.sampleFromNanos < 0 || this.samples >= maxSamples) {
			return null;
		}
		Thread sampled = this.thread;
		if (sampled != null) {
			this.sampling = true;
		}
		return sampled;
	}

	// Counts the innermost application frame of a stack taken from the sampled thread
	synchronized void record(Thread sampled, String frame, int maxDistinctFrames) {
		if (this.finished || this.thread != sampled) {
			// Finished, or the thread left the call while its stack was taken
			return;
		}
		Map<String, int[]> counts = this.frames;
		if (counts == null) {
			counts = new HashMap<>();
			this.frames = counts;
		}
		int[] count = counts.get(frame);
		if (count == null) {
			if (counts.size() >= maxDistinctFrames) {
				frame = HotFrames.OTHER;
				count = counts.computeIfAbsent(frame, (key) -> new int[1]);
			}
			else {
				count = new int[1];
				counts.put(frame, count);
			}
		}
		count[0]++;
		this.samples++;
	}

	/**
	 * Finish the call: stop sampling it, let go of its thread and return its samples if
	 * it was slow. Idempotent.
	 * @param hotFrames how to summarise the samples
	 * @param nanoClock the clock the start time was read from
	 * @return the hot frames, or {@code null} if the call was not sampled or was fast
	 */
	@Nullable String finish(HotFrames hotFrames, LongSupplier nanoClock) {
		if (this.finished) {
			return null;
		}
		this.finished = true;
		this.thread = null;
		if (!this.sampling) {
			// The common case: a call that ended before it was due costs no lock and no
			// second clock read
			return null;
		}
		synchronized (this) {
			Map<String, int[]> counts = this.frames;
			this.frames = null;
			if (counts == null || nanoClock.getAsLong() - this.startNanos < this.thresholdNanos) {
				return null;
			}
			return hotFrames.summarise(counts, this.samples);
		}
	}

	synchronized int samples() {
		return this.samples;
	}

}
