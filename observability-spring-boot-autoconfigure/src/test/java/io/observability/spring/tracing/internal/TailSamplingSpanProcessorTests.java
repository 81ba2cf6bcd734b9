package io.observability.spring.tracing.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.observability.spring.tracing.CollectingSpanExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TailSamplingSpanProcessor}.
 *
 * @author Observability Spring Boot contributors
 */
class TailSamplingSpanProcessorTests {

	private static final Duration SERVER_SLOW = Duration.ofMillis(100);

	private static final Duration OPERATION_SLOW = Duration.ofSeconds(1);

	private final TestClock clock = new TestClock();

	private final List<SpanData> exported = new CopyOnWriteArrayList<>();

	private TailSamplingSpanProcessor processor;

	private SdkTracerProvider tracerProvider;

	private Tracer tracer;

	@AfterEach
	void shutdown() {
		this.tracerProvider.close();
	}

	@Test
	void successfulFastTraceIsDiscarded() {
		setUp(settings(false, 100, 100));
		Span root = server();
		child(root).end();
		root.end();
		assertThat(this.exported).isEmpty();
		assertThat(this.processor.bufferedSpans()).isZero();
		assertThat(this.processor.bufferedTraces()).isZero();
		assertThat(this.processor.decidedTraces()).isOne();
	}

	@Test
	void traceWithFailedChildIsExportedWholeWithReasonError() {
		setUp(settings(false, 100, 100));
		Span root = server();
		Span failed = child(root);
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		child(root).end();
		assertThat(this.exported).isEmpty();
		root.end();
		assertThat(this.exported).hasSize(3)
			.allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(root.getSpanContext().getTraceId()))
			.allSatisfy(
					(span) -> assertThat(span.getAttributes().get(TailSamplingSpanProcessor.KEPT)).isEqualTo("error"))
			.allSatisfy((span) -> assertThat(span.getSpanContext().isSampled()).isFalse());
		assertThat(this.processor.bufferedSpans()).isZero();
	}

	@Test
	void keptSpanCarriesEverythingItRecordedPlusTheReason() {
		setUp(settings(false, 100, 100));
		Span root = server();
		Span child = child(root);
		child.setAttribute("uri", "/orders/{id}").setAttribute("retries", 3L);
		child.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L));
		child.recordException(new IllegalStateException("boom"));
		child.setStatus(StatusCode.ERROR, "boom");
		child.end();
		root.end();
		SpanData recorded = ((ReadableSpan) child).toSpanData();
		assertThat(this.exported).filteredOn((span) -> span.getName().equals("child"))
			.singleElement()
			.satisfies((span) -> {
				assertThat(span.getSpanContext()).isEqualTo(recorded.getSpanContext());
				assertThat(span.getParentSpanContext()).isEqualTo(recorded.getParentSpanContext());
				assertThat(span.getKind()).isEqualTo(recorded.getKind());
				assertThat(span.getStartEpochNanos()).isEqualTo(recorded.getStartEpochNanos());
				assertThat(span.getEndEpochNanos()).isEqualTo(recorded.getEndEpochNanos());
				assertThat(span.getStatus()).isEqualTo(recorded.getStatus());
				assertThat(span.getEvents()).isEqualTo(recorded.getEvents());
				assertThat(span.getLinks()).isEqualTo(recorded.getLinks());
				assertThat(span.getResource()).isEqualTo(recorded.getResource());
				assertThat(span.getInstrumentationScopeInfo()).isEqualTo(recorded.getInstrumentationScopeInfo());
				assertThat(span.getAttributes()).isEqualTo(
						recorded.getAttributes().toBuilder().put(TailSamplingSpanProcessor.KEPT, "error").build());
				assertThat(span.getTotalAttributeCount()).isEqualTo(recorded.getTotalAttributeCount() + 1);
			});
	}

	@Test
	void exceptionEventKeepsTrace() {
		setUp(settings(false, 100, 100));
		Span root = server();
		Span child = child(root);
		child.recordException(new IllegalStateException("boom"));
		child.end();
		root.end();
		assertThat(this.exported).hasSize(2);
	}

	@Test
	void serverErrorStatusKeepsTrace() {
		setUp(settings(false, 100, 100));
		Span root = server();
		root.setAttribute("status", "503");
		root.end();
		assertThat(this.exported).singleElement()
			.satisfies(
					(span) -> assertThat(span.getAttributes().get(TailSamplingSpanProcessor.KEPT)).isEqualTo("error"));
	}

	@Test
	void semanticConventionStatusCodeKeepsTrace() {
		setUp(settings(false, 100, 100));
		Span root = server();
		root.setAttribute("http.response.status_code", 500L);
		root.end();
		assertThat(this.exported).hasSize(1);
	}

	@Test
	void clientErrorStatusKeepsTraceOnlyWhenConfigured() {
		setUp(settings(false, 100, 100));
		Span root = server();
		root.setAttribute("status", "404");
		root.end();
		assertThat(this.exported).isEmpty();
		this.tracerProvider.close();
		setUp(settings(true, 100, 100));
		Span kept = server();
		kept.setAttribute("status", "404");
		kept.end();
		assertThat(this.exported).hasSize(1);
	}

	@Test
	void slowServerTraceIsExportedWithReasonSlow() {
		setUp(settings(false, 100, 100));
		Span root = server();
		this.clock.advance(Duration.ofMillis(101));
		child(root).end();
		root.end();
		assertThat(this.exported).hasSize(2)
			.allSatisfy(
					(span) -> assertThat(span.getAttributes().get(TailSamplingSpanProcessor.KEPT)).isEqualTo("slow"));
	}

	@Test
	void traceWithNonServerRootUsesOperationSlowThreshold() {
		setUp(settings(false, 100, 100));
		Span job = this.tracer.spanBuilder("job").setSpanKind(SpanKind.INTERNAL).startSpan();
		this.clock.advance(Duration.ofMillis(500));
		job.end();
		assertThat(this.exported).isEmpty();
		Span slowJob = this.tracer.spanBuilder("job").setSpanKind(SpanKind.INTERNAL).startSpan();
		this.clock.advance(Duration.ofMillis(1001));
		slowJob.end();
		assertThat(this.exported).hasSize(1);
	}

	@Test
	void errorWinsOverSlowness() {
		setUp(settings(false, 100, 100));
		Span root = server();
		Span failed = child(root);
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		this.clock.advance(Duration.ofSeconds(2));
		root.end();
		assertThat(this.exported).allSatisfy(
				(span) -> assertThat(span.getAttributes().get(TailSamplingSpanProcessor.KEPT)).isEqualTo("error"));
	}

	@Test
	void sampledSpansAreLeftToTheOtherProcessors() {
		setUp(Sampler.alwaysOn(), settings(false, 100, 100));
		Span root = server();
		Span failed = child(root);
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		root.end();
		assertThat(this.exported).isEmpty();
		assertThat(this.processor.bufferedTraces()).isZero();
		assertThat(this.processor.decidedTraces()).isZero();
	}

	@Test
	void spansAboveTheLimitPerTraceAreDroppedAndCountedButNotTheLocalRoot() {
		setUp(settings(false, 2, 100));
		Span root = server();
		Span failed = child(root);
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		Span kept = child(root, "kept");
		kept.end();
		child(root, "dropped").end();
		root.end();
		assertThat(this.exported).extracting(SpanData::getSpanId)
			.containsExactlyInAnyOrder(root.getSpanContext().getSpanId(), failed.getSpanContext().getSpanId(),
					kept.getSpanContext().getSpanId());
		assertThat(this.processor.droppedSpans()).isOne();
		assertThat(meterCount("tracing.tail.spans.dropped", "reason", "trace-limit")).isOne();
		assertThat(this.processor.bufferedSpans()).isZero();
	}

	@Test
	void failedSpansAboveTheLimitPerTraceTakeThePlaceOfPlainSpans() {
		setUp(settings(false, 2, 100));
		Span root = server();
		child(root, "evicted").end();
		child(root, "plain").end();
		Span failed = child(root, "failed");
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		Span failedAgain = child(root, "failed again");
		failedAgain.recordException(new IllegalStateException("boom"));
		failedAgain.end();
		root.end();
		assertThat(this.exported).extracting(SpanData::getName)
			.containsExactlyInAnyOrder("GET /orders", "failed", "failed again");
		assertThat(this.exported).allSatisfy(
				(span) -> assertThat(span.getAttributes().get(TailSamplingSpanProcessor.KEPT)).isEqualTo("error"));
		assertThat(meterCount("tracing.tail.spans.dropped", "reason", "trace-limit")).isEqualTo(2);
	}

	@Test
	void spansAboveTheTotalLimitAreDroppedAndCountedButNotTheLocalRoots() {
		setUp(settings(false, 100, 3));
		Span first = server();
		Span second = server();
		child(first).end();
		child(first).end();
		child(second).end();
		child(second).end();
		assertThat(this.processor.bufferedSpans()).isEqualTo(3);
		assertThat(meterCount("tracing.tail.spans.dropped", "reason", "buffer-limit")).isOne();
		first.end();
		second.setStatus(StatusCode.ERROR);
		second.end();
		assertThat(this.processor.bufferedSpans()).isZero();
		assertThat(this.processor.droppedSpans()).isOne();
		assertThat(this.exported).extracting(SpanData::getSpanId)
			.contains(second.getSpanContext().getSpanId())
			.hasSize(2);
	}

	@Test
	void failedSpanAboveTheTotalLimitTakesThePlaceOfAPlainSpanOfItsTrace() {
		setUp(settings(false, 100, 2));
		Span other = server();
		child(other, "other").end();
		Span root = server();
		child(root, "evicted").end();
		Span failed = child(root, "failed");
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		assertThat(this.processor.bufferedSpans()).isEqualTo(2);
		root.end();
		assertThat(this.exported).extracting(SpanData::getName).containsExactlyInAnyOrder("GET /orders", "failed");
		assertThat(meterCount("tracing.tail.spans.dropped", "reason", "buffer-limit")).isOne();
		other.end();
		assertThat(this.processor.bufferedSpans()).isZero();
	}

	@Test
	void failedSpanAboveTheTotalLimitIsDroppedWhenItsTraceHasNoPlainSpan() {
		setUp(settings(false, 100, 1));
		Span other = server();
		child(other, "other").end();
		Span root = server();
		Span failed = child(root, "failed");
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		root.end();
		assertThat(this.exported).extracting(SpanData::getName).containsExactly("GET /orders");
		assertThat(meterCount("tracing.tail.spans.dropped", "reason", "buffer-limit")).isOne();
	}

	@Test
	void traceBufferedLongerThanTheLimitIsDroppedAndCounted() {
		setUp(settings(false, 100, 100));
		Span longRunning = server();
		Span failed = child(longRunning);
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		this.clock.advance(Duration.ofMinutes(1).plusMillis(1));
		Span next = server();
		assertThat(this.processor.bufferedTraces()).isOne();
		assertThat(this.processor.bufferedSpans()).isZero();
		assertThat(meterCount("tracing.tail.spans.dropped", "reason", "expired")).isOne();
		longRunning.end();
		assertThat(this.exported).isEmpty();
		next.end();
		assertThat(this.processor.bufferedTraces()).isZero();
	}

	@Test
	void traceWithNestedLocalRootsIsDecidedWhenTheLastOneEnds() {
		setUp(settings(false, 100, 100));
		Span outer = server();
		Span client = this.tracer.spanBuilder("GET /inner")
			.setSpanKind(SpanKind.CLIENT)
			.setParent(Context.root().with(outer))
			.startSpan();
		SpanContext remote = SpanContext.createFromRemoteParent(client.getSpanContext().getTraceId(),
				client.getSpanContext().getSpanId(), TraceFlags.getDefault(), TraceState.getDefault());
		Span inner = this.tracer.spanBuilder("GET /inner")
			.setSpanKind(SpanKind.SERVER)
			.setParent(Context.root().with(Span.wrap(remote)))
			.startSpan();
		inner.setStatus(StatusCode.ERROR);
		inner.end();
		assertThat(this.exported).isEmpty();
		client.end();
		outer.end();
		assertThat(this.exported).hasSize(3);
	}

	@Test
	void spanEndingAfterItsDiscardedLocalTraceIsDropped() {
		setUp(settings(false, 100, 100));
		Span root = server();
		Span late = child(root);
		root.end();
		late.setStatus(StatusCode.ERROR);
		late.end();
		assertThat(this.exported).isEmpty();
		assertThat(this.processor.bufferedTraces()).isZero();
		assertThat(this.processor.bufferedSpans()).isZero();
	}

	@Test
	void spanEndingAfterItsKeptLocalTraceIsExportedWithinTheBufferTime() {
		setUp(settings(false, 100, 100));
		Span root = server();
		Span late = child(root, "late");
		root.setStatus(StatusCode.ERROR);
		root.end();
		assertThat(this.exported).hasSize(1);
		this.clock.advance(Duration.ofSeconds(59));
		late.end();
		assertThat(this.exported).hasSize(2).last().satisfies((span) -> {
			assertThat(span.getName()).isEqualTo("late");
			assertThat(span.getTraceId()).isEqualTo(root.getSpanContext().getTraceId());
			assertThat(span.getAttributes().get(TailSamplingSpanProcessor.KEPT)).isEqualTo("error");
		});
		assertThat(this.processor.bufferedTraces()).isZero();
	}

	@Test
	void spanEndingLongAfterItsKeptLocalTraceIsDroppedAndCounted() {
		setUp(settings(false, 100, 100));
		Span root = server();
		Span late = child(root, "late");
		root.setStatus(StatusCode.ERROR);
		root.end();
		this.clock.advance(Duration.ofMinutes(1).plusMillis(1));
		late.end();
		assertThat(this.exported).extracting(SpanData::getName).containsExactly("GET /orders");
		assertThat(meterCount("tracing.tail.spans.dropped", "reason", "late")).isOne();
	}

	@Test
	void decisionsAreCounted() {
		setUp(settings(false, 100, 100));
		server().end();
		Span failed = server();
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		Span slow = server();
		this.clock.advance(Duration.ofSeconds(1));
		slow.end();
		assertThat(meterCount("tracing.tail.traces", "decision", "discarded")).isOne();
		assertThat(meterCount("tracing.tail.traces", "decision", "error")).isOne();
		assertThat(meterCount("tracing.tail.traces", "decision", "slow")).isOne();
	}

	private double meterCount(String name, String tag, String value) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.processor.bindTo(registry);
		return registry.get(name).tag(tag, value).functionCounter().count();
	}

	private Span server() {
		return this.tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).setNoParent().startSpan();
	}

	private Span child(Span parent) {
		return child(parent, "child");
	}

	private Span child(Span parent, String name) {
		return this.tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
	}

	private TailSamplingSpanProcessor.Settings settings(boolean keepClientErrors, int maxSpansPerTrace,
			int maxBufferedSpans) {
		return new TailSamplingSpanProcessor.Settings(SERVER_SLOW, OPERATION_SLOW, keepClientErrors, maxSpansPerTrace,
				maxBufferedSpans, Duration.ofMinutes(1));
	}

	private void setUp(TailSamplingSpanProcessor.Settings settings) {
		setUp(Sampler.alwaysOff(), settings);
	}

	private void setUp(Sampler headSampler, TailSamplingSpanProcessor.Settings settings) {
		// like Spring Boot's batch processor, it exports sampled spans only
		SimpleSpanProcessor export = SimpleSpanProcessor.builder(new CollectingSpanExporter(this.exported)).build();
		this.processor = new TailSamplingSpanProcessor(export, settings, this.clock);
		this.tracerProvider = SdkTracerProvider.builder()
			.setClock(this.clock)
			.setSampler(new RecordUnsampledSampler(headSampler))
			.addSpanProcessor(this.processor)
			.build();
		this.tracer = this.tracerProvider.get("test");
	}

	static final class TestClock implements Clock {

		private final AtomicLong nanos = new AtomicLong(TimeUnit.SECONDS.toNanos(1_700_000_000L));

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

		@Override
		public long now() {
			return this.nanos.get();
		}

		@Override
		public long nanoTime() {
			return this.nanos.get();
		}

	}

}
