package io.observability.spring.tracing;

import java.time.Duration;
import java.util.ArrayList;
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
 * {@code slow}).
 * <p>
 * The buffer is bounded per trace and in total, and a local trace buffered longer than
 * the configured time is dropped; dropped spans are counted in the meter
 * {@code tracing.tail.spans.dropped}. Sampled spans are left to the application's other
 * processors.
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

	private final AtomicInteger bufferedSpans = new AtomicInteger();

	private final AtomicLong nextSweep;

	private final SpanProcessor exportProcessor;

	private final Settings settings;

	private final Clock clock;

	private final LongAdder droppedOverTraceLimit = new LongAdder();

	private final LongAdder droppedOverBufferLimit = new LongAdder();

	private final LongAdder droppedExpired = new LongAdder();

	private final LongAdder keptForError = new LongAdder();

	private final LongAdder keptForSlowness = new LongAdder();

	private final LongAdder discarded = new LongAdder();

	/**
	 * Create a processor.
	 * @param exportProcessor the processor that exports the kept spans; it must export
	 * unsampled spans
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
		this.traces.compute(span.getSpanContext().getTraceId(),
				(traceId, trace) -> (trace != null && trace.open()) ? trace : new LocalTrace(now));
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
		LocalTrace trace = this.traces.get(spanContext.getTraceId());
		if (trace == null) {
			// not under a buffered local root: its trace expired or was decided already
			return;
		}
		SpanData data = span.toSpanData();
		String reason = failed(data) ? ERROR : null;
		boolean localRoot = isLocalRoot(span);
		if (localRoot && reason == null && isSlow(data)) {
			reason = SLOW;
		}
		if (trace.add(data, reason, localRoot)) {
			this.traces.remove(spanContext.getTraceId(), trace);
			this.bufferedSpans.addAndGet(-trace.size());
			String keptFor = trace.reason();
			if (keptFor != null) {
				export(trace.spans, keptFor);
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

	private boolean failed(SpanData span) {
		if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
			return true;
		}
		if (span.getTotalRecordedEvents() > 0) {
			for (EventData event : span.getEvents()) {
				if (EXCEPTION_EVENT.equals(event.getName())) {
					return true;
				}
			}
		}
		if (span.getKind() == SpanKind.SERVER) {
			int status = responseStatus(span);
			return status >= 500 || (status >= 400 && this.settings.keepClientErrors);
		}
		return false;
	}

	private int responseStatus(SpanData span) {
		Long semconv = span.getAttributes().get(HTTP_RESPONSE_STATUS_CODE);
		if (semconv != null) {
			return semconv.intValue();
		}
		// the tag of Micrometer's HTTP server observation conventions
		String status = span.getAttributes().get(STATUS);
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

	private boolean isSlow(SpanData root) {
		long latency = root.getEndEpochNanos() - root.getStartEpochNanos();
		long threshold = (root.getKind() == SpanKind.SERVER) ? this.settings.serverSlowThresholdNanos
				: this.settings.slowThresholdNanos;
		return latency > threshold;
	}

	private void export(List<SpanData> spans, String reason) {
		if (SLOW.equals(reason)) {
			this.keptForSlowness.increment();
		}
		else {
			this.keptForError.increment();
		}
		for (SpanData span : spans) {
			this.exportProcessor.onEnd(new KeptSpan(span, reason));
		}
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
		return this.droppedOverTraceLimit.sum() + this.droppedOverBufferLimit.sum() + this.droppedExpired.sum();
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
		this.bufferedSpans.set(0);
		return this.exportProcessor.shutdown();
	}

	/**
	 * The spans of one local trace, buffered until its last local root span ends.
	 */
	private final class LocalTrace {

		private final long startNanos;

		private final List<SpanData> spans = new ArrayList<>();

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

		// true when the span closed the local trace, which is then decided for good
		synchronized boolean add(SpanData span, @Nullable String reason, boolean localRoot) {
			if (this.closed) {
				return false;
			}
			if (reason != null && (this.reason == null || ERROR.equals(reason))) {
				this.reason = reason;
			}
			accept(span);
			if (localRoot && --this.openRoots == 0) {
				this.closed = true;
				return true;
			}
			return false;
		}

		private void accept(SpanData span) {
			Settings settings = TailSamplingSpanProcessor.this.settings;
			if (this.spans.size() >= settings.maxSpansPerTrace) {
				TailSamplingSpanProcessor.this.droppedOverTraceLimit.increment();
				return;
			}
			if (TailSamplingSpanProcessor.this.bufferedSpans.incrementAndGet() > settings.maxBufferedSpans) {
				TailSamplingSpanProcessor.this.bufferedSpans.decrementAndGet();
				TailSamplingSpanProcessor.this.droppedOverBufferLimit.increment();
				return;
			}
			this.spans.add(span);
		}

		synchronized int size() {
			return this.spans.size();
		}

		synchronized @Nullable String reason() {
			return this.reason;
		}

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
