package io.observability.spring.tracing.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link SpanProcessor} that keeps failed and slow traces the head sampler did not
 * sample. It buffers the ended, recorded-but-unsampled spans (see
 * {@link RecordUnsampledSampler}) of each local trace and, when the last local root span
 * of that trace ends, hands them all to an export processor if any span failed (error
 * status or an {@code exception} event), a server span answered 5xx (4xx when
 * configured), or a local root took longer than its slow threshold; otherwise they are
 * dropped. Kept spans carry the attribute {@code sampling.kept} ({@code error} or
 * {@code slow}), and reach the export processor as sampled spans, so that one which
 * exports sampled spans only takes them; their data keeps the trace flags they were
 * recorded with.
 * <p>
 * The buffer is bounded per trace and in total, and a local trace buffered longer than
 * the configured time is dropped; dropped spans are counted in the meter
 * {@code tracing.tail.spans.dropped}. A bound never drops the span that ends a local
 * trace, and a failed span or another local root takes the place of a buffered span that
 * is neither, so a kept trace keeps its root and its failure. A span that ends after its
 * local trace was decided (asynchronous work) is exported if the trace was kept no longer
 * than the buffer time ago, and dropped otherwise. Spans are buffered as they ended and
 * copied to {@link SpanData} only when their trace is kept. Sampled spans are left to the
 * application's other processors.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class TailSamplingSpanProcessor implements SpanProcessor, MeterBinder {

	/**
	 * Attribute that tells why an unsampled span was exported.
	 */
	public static final AttributeKey<String> KEPT = AttributeKey.stringKey("sampling.kept");

	static final String ERROR = "error";

	static final String SLOW = "slow";

	private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

	private static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey
		.longKey("http.response.status_code");

	private static final String EXCEPTION_EVENT = "exception";

	private final Map<String, LocalTrace> traces = new ConcurrentHashMap<>();

	private final Map<String, KeptTrace> keptTraces = new ConcurrentHashMap<>();

	private final AtomicInteger bufferedSpans = new AtomicInteger();

	private final AtomicLong nextSweep;

	private final SpanProcessor exportProcessor;

	private final Settings settings;

	private final Clock clock;

	private final LongAdder droppedOverTraceLimit = new LongAdder();

	private final LongAdder droppedOverBufferLimit = new LongAdder();

	private final LongAdder droppedExpired = new LongAdder();

	private final LongAdder droppedLate = new LongAdder();

	private final LongAdder keptForError = new LongAdder();

	private final LongAdder keptForSlowness = new LongAdder();

	private final LongAdder discarded = new LongAdder();

	/**
	 * Create a processor.
	 * @param exportProcessor the processor that exports the kept spans, which reach it
	 * sampled; the processor shuts it down and flushes it
	 * @param settings what to keep and the bounds of the buffer
	 * @param clock the clock that ages buffered traces
	 */
	public TailSamplingSpanProcessor(SpanProcessor exportProcessor, Settings settings, Clock clock) {
		this.exportProcessor = exportProcessor;
		this.settings = settings;
		this.clock = clock;
		this.nextSweep = new AtomicLong(clock.nanoTime());
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		if (span.getSpanContext().isSampled() || !isLocalRoot(span)) {
			return;
		}
		long now = this.clock.nanoTime();
		sweepExpired(now);
		String traceId = span.getSpanContext().getTraceId();
		// not compute(): it allocates a lambda and a reservation node on every request
		LocalTrace fresh = null;
		while (true) {
			LocalTrace trace = this.traces.get(traceId);
			if (trace != null && trace.open()) {
				return;
			}
			fresh = (fresh != null) ? fresh : new LocalTrace(now);
			if ((trace != null) ? this.traces.replace(traceId, trace, fresh)
					: this.traces.putIfAbsent(traceId, fresh) == null) {
				return;
			}
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		SpanContext spanContext = span.getSpanContext();
		if (spanContext.isSampled()) {
			return;
		}
		String traceId = spanContext.getTraceId();
		LocalTrace trace = this.traces.get(traceId);
		if (trace == null) {
			exportIfLateInKeptTrace(span, traceId);
			return;
		}
		boolean localRoot = isLocalRoot(span);
		// every failed span, not only the first, has priority at the bounds
		boolean failed = failed(span);
		String reason = failed ? ERROR : null;
		if (localRoot && reason == null && isSlow(span)) {
			reason = SLOW;
		}
		List<ReadableSpan> decided = trace.add(span, reason, failed || localRoot);
		if (decided != null) {
			this.traces.remove(traceId, trace);
			// the closing local root was never counted as buffered
			this.bufferedSpans.addAndGet(-(decided.size() - 1));
			String keptFor = trace.reason();
			if (keptFor != null) {
				countKept(keptFor);
				rememberKept(traceId, keptFor);
				export(decided, keptFor);
			}
			else {
				this.discarded.increment();
			}
		}
	}

	private boolean isLocalRoot(ReadableSpan span) {
		SpanContext parent = span.getParentSpanContext();
		return !parent.isValid() || parent.isRemote();
	}

	private boolean failed(ReadableSpan span) {
		if (span.getKind() == SpanKind.SERVER) {
			int status = responseStatus(span);
			if (status >= 500 || (status >= 400 && this.settings.keepClientErrors)) {
				return true;
			}
		}
		// status and events are only readable from a snapshot, which is not kept
		SpanData data = span.toSpanData();
		if (data.getStatus().getStatusCode() == StatusCode.ERROR) {
			return true;
		}
		if (data.getTotalRecordedEvents() > 0) {
			for (EventData event : data.getEvents()) {
				if (EXCEPTION_EVENT.equals(event.getName())) {
					return true;
				}
			}
		}
		return false;
	}

	private int responseStatus(ReadableSpan span) {
		Long semconv = span.getAttribute(HTTP_RESPONSE_STATUS_CODE);
		if (semconv != null) {
			return semconv.intValue();
		}
		// the tag of Micrometer's HTTP server observation conventions
		String status = span.getAttribute(STATUS);
		if (status != null && status.length() == 3) {
			try {
				return Integer.parseInt(status);
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}
		return 0;
	}

	private boolean isSlow(ReadableSpan root) {
		long threshold = (root.getKind() == SpanKind.SERVER) ? this.settings.serverSlowThresholdNanos
				: this.settings.slowThresholdNanos;
		return root.getLatencyNanos() > threshold;
	}

	private void countKept(String reason) {
		if (SLOW.equals(reason)) {
			this.keptForSlowness.increment();
		}
		else {
			this.keptForError.increment();
		}
	}

	private void export(List<ReadableSpan> spans, String reason) {
		for (ReadableSpan span : spans) {
			this.exportProcessor.onEnd(new KeptSpan(span, reason));
		}
	}

	// kept traces only: a discarded trace leaves nothing behind, so its late spans drop
	private void rememberKept(String traceId, String reason) {
		if (this.keptTraces.size() < this.settings.maxBufferedSpans) {
			this.keptTraces.put(traceId, new KeptTrace(this.clock.nanoTime(), reason));
		}
	}

	private void exportIfLateInKeptTrace(ReadableSpan span, String traceId) {
		KeptTrace kept = this.keptTraces.get(traceId);
		if (kept == null) {
			// its trace was discarded or expired, or ended longer ago than the buffer
			// time
			return;
		}
		if (this.clock.nanoTime() - kept.decidedNanos > this.settings.maxBufferTimeNanos) {
			this.keptTraces.remove(traceId, kept);
			this.droppedLate.increment();
			return;
		}
		this.exportProcessor.onEnd(new KeptSpan(span, kept.reason));
	}

	private void sweepExpired(long now) {
		long due = this.nextSweep.get();
		if (now - due < 0 || !this.nextSweep.compareAndSet(due, now + this.settings.maxBufferTimeNanos / 4)) {
			return;
		}
		Iterator<LocalTrace> iterator = this.traces.values().iterator();
		while (iterator.hasNext()) {
			LocalTrace trace = iterator.next();
			if (now - trace.startNanos > this.settings.maxBufferTimeNanos && trace.expire()) {
				iterator.remove();
				this.bufferedSpans.addAndGet(-trace.size());
				this.droppedExpired.add(trace.size());
			}
		}
		this.keptTraces.values().removeIf((kept) -> now - kept.decidedNanos > this.settings.maxBufferTimeNanos);
	}

	/**
	 * Return the number of spans buffered now.
	 * @return the buffered spans
	 */
	public int bufferedSpans() {
		return this.bufferedSpans.get();
	}

	/**
	 * Return the number of local traces buffered now.
	 * @return the buffered local traces
	 */
	public int bufferedTraces() {
		return this.traces.size();
	}

	/**
	 * Return the number of spans dropped so far because a bound of the buffer was
	 * reached.
	 * @return the dropped spans
	 */
	public long droppedSpans() {
		return this.droppedOverTraceLimit.sum() + this.droppedOverBufferLimit.sum() + this.droppedExpired.sum()
				+ this.droppedLate.sum();
	}

	/**
	 * Return the number of unsampled local traces decided so far: kept or discarded.
	 * @return the decided local traces
	 */
	public long decidedTraces() {
		return this.keptForError.sum() + this.keptForSlowness.sum() + this.discarded.sum();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		droppedCounter(registry, "trace-limit", this.droppedOverTraceLimit);
		droppedCounter(registry, "buffer-limit", this.droppedOverBufferLimit);
		droppedCounter(registry, "expired", this.droppedExpired);
		droppedCounter(registry, "late", this.droppedLate);
		tracesCounter(registry, "error", this.keptForError);
		tracesCounter(registry, "slow", this.keptForSlowness);
		tracesCounter(registry, "discarded", this.discarded);
		Gauge.builder("tracing.tail.spans.buffered", this.bufferedSpans, AtomicInteger::get)
			.description("Unsampled spans buffered until their local trace ends")
			.register(registry);
	}

	private void droppedCounter(MeterRegistry registry, String reason, LongAdder count) {
		FunctionCounter.builder("tracing.tail.spans.dropped", count, LongAdder::sum)
			.description("Unsampled spans dropped from the tail-sampling buffer before their local trace ended")
			.tag("reason", reason)
			.register(registry);
	}

	private void tracesCounter(MeterRegistry registry, String decision, LongAdder count) {
		FunctionCounter.builder("tracing.tail.traces", count, LongAdder::sum)
			.description("Unsampled local traces, by tail-sampling decision")
			.tag("decision", decision)
			.register(registry);
	}

	@Override
	public CompletableResultCode forceFlush() {
		return this.exportProcessor.forceFlush();
	}

	@Override
	public CompletableResultCode shutdown() {
		this.traces.clear();
		this.keptTraces.clear();
		this.bufferedSpans.set(0);
		return this.exportProcessor.shutdown();
	}

	/**
	 * The spans of one local trace, buffered until its last local root span ends. Spans
	 * that must not be dropped for a bound (failed spans and local roots) come first, in
	 * {@code spans[0..prioritySpans)}, so that one of them can take the place of a plain
	 * span when a bound is reached.
	 */
	private final class LocalTrace {

		private final long startNanos;

		private final List<ReadableSpan> spans = new ArrayList<>(4);

		private int prioritySpans;

		private int openRoots = 1;

		private boolean closed;

		private @Nullable String reason;

		LocalTrace(long startNanos) {
			this.startNanos = startNanos;
		}

		synchronized boolean open() {
			if (this.closed) {
				return false;
			}
			this.openRoots++;
			return true;
		}

		synchronized boolean expire() {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			return true;
		}

		// the spans of the local trace when this span closed it, which is then decided
		// for good; the closing local root is never dropped for a bound
		synchronized @Nullable List<ReadableSpan> add(ReadableSpan span, @Nullable String reason, boolean priority) {
			if (this.closed) {
				return null;
			}
			if (reason != null && (this.reason == null || ERROR.equals(reason))) {
				this.reason = reason;
			}
			if (priority && closesTrace(span)) {
				this.closed = true;
				this.spans.add(span);
				return this.spans;
			}
			accept(span, priority);
			return null;
		}

		private boolean closesTrace(ReadableSpan span) {
			SpanContext parent = span.getParentSpanContext();
			return (!parent.isValid() || parent.isRemote()) && --this.openRoots == 0;
		}

		private void accept(ReadableSpan span, boolean priority) {
			TailSamplingSpanProcessor processor = TailSamplingSpanProcessor.this;
			Settings settings = processor.settings;
			if (this.spans.size() >= settings.maxSpansPerTrace) {
				processor.droppedOverTraceLimit.increment();
				replacePlainSpan(span, priority);
				return;
			}
			if (processor.bufferedSpans.incrementAndGet() > settings.maxBufferedSpans) {
				processor.bufferedSpans.decrementAndGet();
				processor.droppedOverBufferLimit.increment();
				replacePlainSpan(span, priority);
				return;
			}
			this.spans.add(span);
			if (priority) {
				Collections.swap(this.spans, this.prioritySpans++, this.spans.size() - 1);
			}
		}

		// a bound was reached: one span is dropped (already counted), a plain one if the
		// new span has priority and a plain one is buffered
		private void replacePlainSpan(ReadableSpan span, boolean priority) {
			if (priority && this.prioritySpans < this.spans.size()) {
				this.spans.set(this.prioritySpans++, span);
			}
		}

		synchronized int size() {
			return this.spans.size();
		}

		synchronized @Nullable String reason() {
			return this.reason;
		}

	}

	private record KeptTrace(long decidedNanos, String reason) {
	}

	/**
	 * What the processor keeps and the bounds of its buffer.
	 */
	public static final class Settings {

		private final long serverSlowThresholdNanos;

		private final long slowThresholdNanos;

		private final boolean keepClientErrors;

		private final int maxSpansPerTrace;

		private final int maxBufferedSpans;

		private final long maxBufferTimeNanos;

		/**
		 * Create settings.
		 * @param serverSlowThreshold latency above which a trace whose local root is a
		 * server span is kept
		 * @param slowThreshold latency above which a trace with another local root is
		 * kept
		 * @param keepClientErrors whether a server span that answered 4xx keeps its trace
		 * @param maxSpansPerTrace the most spans buffered for one local trace
		 * @param maxBufferedSpans the most spans buffered in total
		 * @param maxBufferTime how long a local trace may stay buffered
		 */
		public Settings(Duration serverSlowThreshold, Duration slowThreshold, boolean keepClientErrors,
				int maxSpansPerTrace, int maxBufferedSpans, Duration maxBufferTime) {
			Assert.isTrue(!serverSlowThreshold.isNegative(), "'serverSlowThreshold' must not be negative");
			Assert.isTrue(!slowThreshold.isNegative(), "'slowThreshold' must not be negative");
			Assert.isTrue(maxSpansPerTrace > 0, "'maxSpansPerTrace' must be positive");
			Assert.isTrue(maxBufferedSpans > 0, "'maxBufferedSpans' must be positive");
			Assert.isTrue(maxBufferTime.compareTo(Duration.ZERO) > 0, "'maxBufferTime' must be positive");
			this.serverSlowThresholdNanos = serverSlowThreshold.toNanos();
			this.slowThresholdNanos = slowThreshold.toNanos();
			this.keepClientErrors = keepClientErrors;
			this.maxSpansPerTrace = maxSpansPerTrace;
			this.maxBufferedSpans = maxBufferedSpans;
			this.maxBufferTimeNanos = maxBufferTime.toNanos();
		}

	}

}
