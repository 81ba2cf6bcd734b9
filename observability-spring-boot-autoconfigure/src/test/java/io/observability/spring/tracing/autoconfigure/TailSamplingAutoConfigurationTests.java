package io.observability.spring.tracing.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.tracing.otel.bridge.CompositeSpanExporter;
import io.observability.spring.tracing.BatchSpanWorkerThreads;
import io.observability.spring.tracing.CollectingSpanExporter;
import io.observability.spring.tracing.internal.SpanExportMetrics;
import io.observability.spring.tracing.internal.TailSamplingSpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TailSamplingAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
class TailSamplingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, ObservabilityTracingAutoConfiguration.class,
				TailSamplingAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=0.0");

	@Test
	void runShouldRecordUnsampledSpansAndExportFailedOnesThroughTheSpanExporterBeans() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TailSamplingSpanProcessor.class);
			SdkTracerProvider tracerProvider = context.getBean(SdkTracerProvider.class);
			assertThat(tracerProvider.getSampler().getDescription()).startsWith("RecordUnsampled{ParentBased{");
			Tracer tracer = tracerProvider.get("test");
			tracer.spanBuilder("ok").startSpan().end();
			Span failed = tracer.spanBuilder("failed").startSpan();
			assertThat(failed.getSpanContext().isSampled()).isFalse();
			failed.setStatus(StatusCode.ERROR);
			failed.end();
			tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
			List<SpanData> exported = context.getBean(SpanExporterConfiguration.class).exported;
			assertThat(exported).singleElement()
				.satisfies((span) -> assertThat(span.getName()).isEqualTo("failed"))
				.satisfies((span) -> assertThat(span.getAttributes().get(TailSamplingSpanProcessor.KEPT))
					.isEqualTo("error"));
		});
	}

	@Test
	void shutdownOfTheProcessorLeavesTheSharedSpanExportersOpen() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class).run((context) -> {
			context.getBean(TailSamplingSpanProcessor.class).shutdown().join(30, TimeUnit.SECONDS);
			assertThat(context.getBean(CollectingSpanExporter.class).shutdowns()).isZero();
		});
	}

	@Test
	void keptSpansGoThroughSpringBootsBatchProcessorWithoutAWorkerThreadOfTheirOwn() {
		int withoutTailSampling = batchWorkerThreadsStartedBy(
				this.contextRunner.withPropertyValues("observability.tracing.tail-sampling.enabled=false"));
		int withTailSampling = batchWorkerThreadsStartedBy(this.contextRunner);
		assertThat(withoutTailSampling).isOne();
		assertThat(withTailSampling).isEqualTo(withoutTailSampling);
	}

	@Test
	void keptSpansWaitingInSpringBootsQueueAreCountedAndExportedOnFlushAndOnClose() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class)
			.withPropertyValues("management.opentelemetry.tracing.export.schedule-delay=1h")
			.run((context) -> {
				List<SpanData> exported = context.getBean(SpanExporterConfiguration.class).exported;
				endFailedSpan(context);
				assertThat(exported).isEmpty();
				assertThat(context.getBean(SpanExportMetrics.class).queuedSpans()).isOne();
				context.getBean(TailSamplingSpanProcessor.class).forceFlush().join(30, TimeUnit.SECONDS);
				assertKeptForError(exported);
				exported.clear();
				endFailedSpan(context);
				assertThat(exported).isEmpty();
				context.close();
				assertKeptForError(exported);
			});
	}

	@Test
	void keptSpansGoThroughTheBatchProcessorThatReplacedSpringBoots() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class, BatchProcessorConfiguration.class)
			.run((context) -> {
				endFailedSpan(context);
				context.getBean(SdkTracerProvider.class).forceFlush().join(30, TimeUnit.SECONDS);
				assertKeptForError(context.getBean(BatchProcessorConfiguration.class).exported);
				assertThat(context.getBean(SpanExporterConfiguration.class).exported).isEmpty();
			});
	}

	@Test
	void keptSpansGoThroughTheSpanExporterBeansWhenThereAreSeveralBatchProcessors() {
		this.contextRunner
			.withUserConfiguration(SpanExporterConfiguration.class, BatchProcessorConfiguration.class,
					SecondBatchProcessorConfiguration.class)
			.run((context) -> {
				endFailedSpan(context);
				context.getBean(TailSamplingSpanProcessor.class).forceFlush().join(30, TimeUnit.SECONDS);
				assertKeptForError(context.getBean(SpanExporterConfiguration.class).exported);
				assertThat(context.getBean(BatchProcessorConfiguration.class).exported).isEmpty();
			});
	}

	@Test
	void runShouldComposeWithTheApplicationsOwnSampler() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class, SamplerConfiguration.class)
			.run((context) -> assertThat(context.getBean(SdkTracerProvider.class).getSampler().getDescription())
				.isEqualTo("RecordUnsampled{AlwaysOffSampler}"));
	}

	@Test
	void runShouldReadTheSlowThresholdsOfRequestsAndOperations() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class)
			.withPropertyValues("observability.operations.slow-threshold=50ms")
			.run((context) -> {
				Tracer tracer = context.getBean(SdkTracerProvider.class).get("test");
				Span slow = tracer.spanBuilder("job").startSpan();
				// a span that lasted 60 ms, without waiting for it
				long start = ((ReadableSpan) slow).toSpanData().getStartEpochNanos();
				slow.end(start + Duration.ofMillis(60).toNanos(), TimeUnit.NANOSECONDS);
				context.getBean(SdkTracerProvider.class).forceFlush().join(30, TimeUnit.SECONDS);
				assertThat(context.getBean(SpanExporterConfiguration.class).exported).singleElement()
					.satisfies((span) -> assertThat(span.getAttributes().get(TailSamplingSpanProcessor.KEPT))
						.isEqualTo("slow"));
			});
	}

	@Test
	void runWithoutSpanExporterShouldNotRecordUnsampledSpans() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(TailSamplingSpanProcessor.class);
			assertThat(context.getBean(SdkTracerProvider.class).getSampler().getDescription())
				.startsWith("ParentBased{");
		});
	}

	@Test
	void runWhenDisabledShouldNotRecordUnsampledSpans() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class)
			.withPropertyValues("observability.tracing.tail-sampling.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TailSamplingSpanProcessor.class);
				assertThat(context.getBean(SdkTracerProvider.class).getSampler().getDescription())
					.startsWith("ParentBased{");
			});
	}

	@Test
	void runWhenSpringBootExportsUnsampledSpansShouldBackOff() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class)
			.withPropertyValues("management.opentelemetry.tracing.export.include-unsampled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(TailSamplingSpanProcessor.class));
	}

	@Test
	void runShouldBackOffFromUserProcessor() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class, ProcessorConfiguration.class)
			.run((context) -> assertThat(context.getBean(TailSamplingSpanProcessor.class))
				.isSameAs(context.getBean(ProcessorConfiguration.class).processor));
	}

	@Test
	void runWithoutMicrometerTracingBridgeShouldNotRecordUnsampledSpans() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class)
			.withClassLoader(new FilteredClassLoader(CompositeSpanExporter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TailSamplingSpanProcessor.class));
	}

	@Test
	void runWithInvalidLimitShouldFailNamingTheProperty() {
		this.contextRunner.withUserConfiguration(SpanExporterConfiguration.class)
			.withPropertyValues("observability.tracing.tail-sampling.max-spans-per-trace=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.tracing.tail-sampling.max-spans-per-trace must be positive"));
	}

	private static void assertKeptForError(List<SpanData> exported) {
		assertThat(exported).singleElement()
			.satisfies(
					(span) -> assertThat(span.getAttributes().get(TailSamplingSpanProcessor.KEPT)).isEqualTo("error"));
	}

	private static void endFailedSpan(AssertableApplicationContext context) {
		Span failed = context.getBean(SdkTracerProvider.class).get("test").spanBuilder("failed").startSpan();
		assertThat(failed.getSpanContext().isSampled()).isFalse();
		failed.setStatus(StatusCode.ERROR);
		failed.end();
	}

	// threads of contexts closed before may still be stopping: count only new ones
	private static int batchWorkerThreadsStartedBy(ApplicationContextRunner contextRunner) {
		Set<Thread> before = BatchSpanWorkerThreads.live();
		AtomicInteger started = new AtomicInteger();
		contextRunner.withUserConfiguration(SpanExporterConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Set<Thread> threads = BatchSpanWorkerThreads.live();
			threads.removeAll(before);
			started.set(threads.size());
		});
		return started.get();
	}

	@Configuration(proxyBeanMethods = false)
	static class SpanExporterConfiguration {

		final List<SpanData> exported = new CopyOnWriteArrayList<>();

		@Bean
		CollectingSpanExporter collectingSpanExporter() {
			return new CollectingSpanExporter(this.exported);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BatchProcessorConfiguration {

		final List<SpanData> exported = new CopyOnWriteArrayList<>();

		@Bean
		BatchSpanProcessor userBatchSpanProcessor() {
			return BatchSpanProcessor.builder(new CollectingSpanExporter(this.exported)).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondBatchProcessorConfiguration {

		@Bean
		BatchSpanProcessor secondUserBatchSpanProcessor() {
			return BatchSpanProcessor.builder(new CollectingSpanExporter(new CopyOnWriteArrayList<>())).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SamplerConfiguration {

		@Bean
		Sampler userSampler() {
			return Sampler.alwaysOff();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProcessorConfiguration {

		final TailSamplingSpanProcessor processor = new TailSamplingSpanProcessor(SpanProcessor.composite(),
				new TailSamplingSpanProcessor.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), false, 10, 10,
						Duration.ofMinutes(1)),
				Clock.getDefault());

		@Bean
		TailSamplingSpanProcessor userTailSamplingSpanProcessor() {
			return this.processor;
		}

	}

}
