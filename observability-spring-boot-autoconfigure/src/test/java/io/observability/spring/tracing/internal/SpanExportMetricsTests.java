package io.observability.spring.tracing.internal;

import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SpanExportMetrics} with OpenTelemetry's real
 * {@link BatchSpanProcessor}.
 *
 * @author Observability Spring Boot contributors
 */
class SpanExportMetricsTests {

	private final SpanExportMetrics metrics = new SpanExportMetrics();

	private final SdkMeterProvider meterProvider = this.metrics.createMeterProvider();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final NeverAnsweringExporter exporter = new NeverAnsweringExporter();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(BatchSpanProcessor.builder(this.exporter)
			.setMaxQueueSize(4)
			.setMaxExportBatchSize(2)
			.setMeterProvider(this.meterProvider)
			.build())
		.build();

	@AfterEach
	void close() {
		this.tracerProvider.shutdown().join(1, TimeUnit.SECONDS);
		this.meterProvider.close();
	}

	@Test
	void droppedSpansAreCountedWhenTheExportQueueIsFull() throws InterruptedException {
		this.metrics.bindTo(this.registry);
		assertThat(this.registry.get("tracing.spans.dropped").functionCounter().count()).isZero();
		Tracer tracer = this.tracerProvider.get("test");
		tracer.spanBuilder("span-0").startSpan().end();
		tracer.spanBuilder("span-1").startSpan().end();
		// The worker holds the first batch in an export that never completes: a worker
		// that ran late would otherwise take spans from a full queue between the checks
		assertThat(this.exporter.exporting.await(30, TimeUnit.SECONDS)).isTrue();
		for (int i = 2; i < 50; i++) {
			tracer.spanBuilder("span-" + i).startSpan().end();
		}
		double dropped = this.registry.get("tracing.spans.dropped").functionCounter().count();
		assertThat(dropped).isGreaterThanOrEqualTo(50 - 4 - 2);
		tracer.spanBuilder("one more").startSpan().end();
		assertThat(this.registry.get("tracing.spans.dropped").functionCounter().count()).isGreaterThan(dropped);
		assertThat(this.registry.get("tracing.spans.queued").gauge().value()).isBetween(1.0, 4.0);
	}

	/**
	 * An exporter whose exports never complete, like one talking to a collector that
	 * accepts connections and never answers.
	 */
	static class NeverAnsweringExporter implements SpanExporter {

		private final CountDownLatch exporting = new CountDownLatch(1);

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.exporting.countDown();
			return new CompletableResultCode();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
