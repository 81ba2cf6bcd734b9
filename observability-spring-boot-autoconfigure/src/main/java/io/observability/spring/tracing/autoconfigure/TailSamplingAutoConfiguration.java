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
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
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
 * Spring Boot's head sampler drops are recorded and their local trace is exported,
 * through the application's {@link SpanExporter} beans, when it failed or was slow.
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
			Environment environment, SpanExporters spanExporters,
			ObjectProvider<SpanExportingPredicate> spanExportingPredicates, ObjectProvider<SpanReporter> spanReporters,
			ObjectProvider<SpanFilter> spanFilters, ObjectProvider<MeterProvider> meterProvider,
			ObjectProvider<OpenTelemetryTracingProperties> openTelemetryTracingProperties) {
		// the same exporters, predicates, reporters and filters as Spring Boot's own
		// batch processor, so that what decorates them (masking) applies to kept spans
		CompositeSpanExporter spanExporter = new CompositeSpanExporter(spanExporters.list(),
				spanExportingPredicates.orderedStream().toList(), spanReporters.orderedStream().toList(),
				spanFilters.orderedStream().toList());
		BatchSpanProcessorBuilder exportProcessor = BatchSpanProcessor.builder(new SharedSpanExporter(spanExporter))
			.setExportUnsampledSpans(true);
		OpenTelemetryTracingProperties tracing = openTelemetryTracingProperties.getIfAvailable();
		if (tracing != null) {
			OpenTelemetryTracingProperties.Export export = tracing.getExport();
			exportProcessor.setExporterTimeout(export.getTimeout())
				.setMaxExportBatchSize(export.getMaxBatchSize())
				.setMaxQueueSize(export.getMaxQueueSize())
				.setScheduleDelay(export.getScheduleDelay());
		}
		meterProvider.ifAvailable(exportProcessor::setMeterProvider);
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
		return new TailSamplingSpanProcessor(exportProcessor.build(), settings, Clock.getDefault());
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
	 * The exporters are shared with Spring Boot's own batch processor, which owns them:
	 * the tail-sampling processor shutting down first must not close them under it.
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
