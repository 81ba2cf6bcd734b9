package io.observability.spring.tracing.autoconfigure;

import java.time.Duration;
import java.util.Collection;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.exporter.SpanReporter;
import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.observability.spring.tracing.internal.RecordUnsampledSampler;
import io.observability.spring.tracing.internal.TailSamplingSpanProcessor;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for tail sampling: the spans that
 * Spring Boot's head sampler drops are recorded and their local trace is exported when it
 * failed or was slow.
 * <p>
 * Kept spans are handed, as sampled spans, to the application's
 * {@link BatchSpanProcessor} bean, Spring Boot's or one that replaced it, and so go
 * through its queue, exporters, predicates and filters. Without such a bean, or with
 * several, they go through a batch processor of their own (one more thread) over the
 * application's {@link SpanExporter} beans.
 * <p>
 * The head sampler is whichever {@link Sampler} bean the application has, Spring Boot's
 * ({@code management.tracing.sampling.probability}) or its own: its decision, and so the
 * sampled flag propagated downstream, is kept; only what it drops is recorded as well.
 * Off when Spring Boot already exports unsampled spans
 * ({@code management.opentelemetry.tracing.export.include-unsampled}).
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ SdkTracerProvider.class, SdkTracerProviderBuilderCustomizer.class, CompositeSpanExporter.class,
		MeterBinder.class })
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.tracing.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.tracing.tail-sampling.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "management.opentelemetry.tracing.export.include-unsampled", havingValue = false,
		matchIfMissing = true)
@ConditionalOnBean(SpanExporter.class)
@EnableConfigurationProperties(ObservabilityTracingProperties.class)
public final class TailSamplingAutoConfiguration {

	private static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofSeconds(1);

	@Bean
	@ConditionalOnMissingBean
	TailSamplingSpanProcessor tailSamplingSpanProcessor(ObservabilityTracingProperties properties,
			Environment environment, ObjectProvider<BatchSpanProcessor> batchSpanProcessor, SpanExporters spanExporters,
			ObjectProvider<SpanExportingPredicate> spanExportingPredicates, ObjectProvider<SpanReporter> spanReporters,
			ObjectProvider<SpanFilter> spanFilters, ObjectProvider<MeterProvider> meterProvider,
			ObjectProvider<OpenTelemetryTracingProperties> openTelemetryTracingProperties) {
		// kept spans join the application's export queue: its exporters, predicates,
		// reporters and filters (masking), its bounds and metrics, and no thread of ours
		BatchSpanProcessor applicationProcessor = batchSpanProcessor.getIfUnique();
		SpanProcessor exportProcessor = (applicationProcessor != null) ? new SharedSpanProcessor(applicationProcessor)
				: ownExportProcessor(spanExporters, spanExportingPredicates, spanReporters, spanFilters, meterProvider,
						openTelemetryTracingProperties);
		ObservabilityTracingProperties.TailSampling tailSampling = properties.getTailSampling();
		Binder binder = Binder.get(environment);
		// contract with the web and operation features: their slow thresholds decide
		Duration serverSlowThreshold = binder.bind("observability.web.slow-request-threshold", Duration.class)
			.orElse(DEFAULT_SLOW_THRESHOLD);
		Duration slowThreshold = binder.bind("observability.operations.slow-threshold", Duration.class)
			.orElse(DEFAULT_SLOW_THRESHOLD);
		TailSamplingSpanProcessor.Settings settings = new TailSamplingSpanProcessor.Settings(serverSlowThreshold,
				slowThreshold, tailSampling.isKeepClientErrors(), tailSampling.getMaxSpansPerTrace(),
				tailSampling.getMaxBufferedSpans(), tailSampling.getMaxBufferTime());
		return new TailSamplingSpanProcessor(exportProcessor, settings, Clock.getDefault());
	}

	// without a batch processor bean, or with several, a queue of our own over the same
	// exporters, predicates, reporters and filters as Spring Boot's
	private static SpanProcessor ownExportProcessor(SpanExporters spanExporters,
			ObjectProvider<SpanExportingPredicate> spanExportingPredicates, ObjectProvider<SpanReporter> spanReporters,
			ObjectProvider<SpanFilter> spanFilters, ObjectProvider<MeterProvider> meterProvider,
			ObjectProvider<OpenTelemetryTracingProperties> openTelemetryTracingProperties) {
		CompositeSpanExporter spanExporter = new CompositeSpanExporter(spanExporters.list(),
				spanExportingPredicates.orderedStream().toList(), spanReporters.orderedStream().toList(),
				spanFilters.orderedStream().toList());
		BatchSpanProcessorBuilder exportProcessor = BatchSpanProcessor.builder(new SharedSpanExporter(spanExporter));
		OpenTelemetryTracingProperties tracing = openTelemetryTracingProperties.getIfAvailable();
		if (tracing != null) {
			OpenTelemetryTracingProperties.Export export = tracing.getExport();
			exportProcessor.setExporterTimeout(export.getTimeout())
				.setMaxExportBatchSize(export.getMaxBatchSize())
				.setMaxQueueSize(export.getMaxQueueSize())
				.setScheduleDelay(export.getScheduleDelay());
		}
		meterProvider.ifAvailable(exportProcessor::setMeterProvider);
		return exportProcessor.build();
	}

	// a customizer, not a Sampler bean: Spring Boot's sampler and a user's own both stay
	// the head sampler, and neither backs off
	@Bean
	SdkTracerProviderBuilderCustomizer recordUnsampledSpansSdkTracerProviderBuilderCustomizer(
			ObjectProvider<Sampler> sampler) {
		return (builder) -> sampler
			.ifUnique((headSampler) -> builder.setSampler(new RecordUnsampledSampler(headSampler)));
	}

	/**
	 * The application's batch processor, which its owner shuts down, exporting what is
	 * queued: the tail-sampling processor shutting down first must not stop it, nor wait
	 * for one that has already stopped.
	 */
	private static final class SharedSpanProcessor implements SpanProcessor {

		private final SpanProcessor delegate;

		SharedSpanProcessor(SpanProcessor delegate) {
			this.delegate = delegate;
		}

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.delegate.onEnd(span);
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

		@Override
		public CompletableResultCode forceFlush() {
			return this.delegate.forceFlush();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

	/**
	 * The exporters are shared with the application's batch processors, which own them:
	 * the tail-sampling processor shutting down first must not close them under them.
	 */
	private static final class SharedSpanExporter implements SpanExporter {

		private final SpanExporter delegate;

		SharedSpanExporter(SpanExporter delegate) {
			this.delegate = delegate;
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return this.delegate.export(spans);
		}

		@Override
		public CompletableResultCode flush() {
			return this.delegate.flush();
		}

		@Override
		public CompletableResultCode shutdown() {
			return this.delegate.flush();
		}

	}

}
