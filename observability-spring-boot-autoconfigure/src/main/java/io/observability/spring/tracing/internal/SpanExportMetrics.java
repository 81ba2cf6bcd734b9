package io.observability.spring.tracing.internal;

import java.util.Collection;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

/**
 * Micrometer view of the metrics that OpenTelemetry's {@link BatchSpanProcessor} records
 * about itself: {@code tracing.spans.dropped}, the spans it dropped because its bounded
 * queue was full (a collector that is down or slow), and {@code tracing.spans.queued},
 * the spans waiting to be exported.
 * <p>
 * The processor records them through an OpenTelemetry {@code MeterProvider}; this class
 * is the {@link MetricReader} of such a provider, see {@link #createMeterProvider()}, and
 * reads the values when Micrometer polls its meters.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class SpanExportMetrics implements MetricReader, MeterBinder {

	/**
	 * Instrumentation scope of the span processors' own metrics.
	 */
	static final String SCOPE = "io.opentelemetry.sdk.trace";

	private static final String PROCESSED_SPANS = "processedSpans";

	private static final String QUEUE_SIZE = "queueSize";

	private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private volatile CollectionRegistration registration = CollectionRegistration.noop();

	/**
	 * Create an OpenTelemetry meter provider whose only reader is this instance and that
	 * keeps nothing but the span processors' own metrics, so that other instrumentation
	 * using it cannot grow memory.
	 * @return the meter provider, to be passed to the span processor
	 */
	public SdkMeterProvider createMeterProvider() {
		return SdkMeterProvider.builder()
			.setExemplarFilter(ExemplarFilter.alwaysOff())
			.registerView(InstrumentSelector.builder().setName("*").build(),
					View.builder().setAggregation(Aggregation.drop()).build())
			.registerView(InstrumentSelector.builder().setMeterName(SCOPE).build(), View.builder().build())
			.registerMetricReader(this)
			.build();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("tracing.spans.dropped", this, SpanExportMetrics::droppedSpans)
			.description("Spans dropped before export because the export queue was full")
			.register(registry);
		Gauge.builder("tracing.spans.queued", this, SpanExportMetrics::queuedSpans)
			.description("Spans waiting in the export queue")
			.register(registry);
	}

	/**
	 * Return the number of spans dropped so far.
	 * @return the dropped spans
	 */
	public long droppedSpans() {
		long dropped = 0;
		for (MetricData metric : collect(PROCESSED_SPANS)) {
			for (LongPointData point : metric.getLongSumData().getPoints()) {
				if (Boolean.TRUE.equals(point.getAttributes().get(DROPPED))) {
					dropped += point.getValue();
				}
			}
		}
		return dropped;
	}

	/**
	 * Return the number of spans waiting to be exported.
	 * @return the queued spans
	 */
	public long queuedSpans() {
		long queued = 0;
		for (MetricData metric : collect(QUEUE_SIZE)) {
			for (LongPointData point : metric.getLongGaugeData().getPoints()) {
				queued += point.getValue();
			}
		}
		return queued;
	}

	private Collection<MetricData> collect(String name) {
		return this.registration.collectAllMetrics()
			.stream()
			.filter((metric) -> metric.getName().equals(name)
					&& metric.getInstrumentationScopeInfo().getName().equals(SCOPE))
			.toList();
	}

	@Override
	public void register(CollectionRegistration registration) {
		this.registration = registration;
	}

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return AggregationTemporality.CUMULATIVE;
	}

	@Override
	public CompletableResultCode forceFlush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		this.registration = CollectionRegistration.noop();
		return CompletableResultCode.ofSuccess();
	}

}
