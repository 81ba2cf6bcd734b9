package io.observability.spring.logging.autoconfigure;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogRecordProcessorAutoConfiguration} with Spring Boot's own
 * OpenTelemetry logging auto-configurations.
 *
 * @author Observability Spring Boot contributors
 */
class LogRecordProcessorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LogRecordProcessorAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryLoggingAutoConfiguration.class, OtlpLoggingAutoConfiguration.class));

	@Test
	void registeredInAutoConfigurationImports() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, null).getCandidates())
			.contains(LogRecordProcessorAutoConfiguration.class.getName());
	}

	@Test
	void runWithoutExporterShouldStartNoBatchProcessor() {
		Set<Thread> before = batchProcessorThreads();
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(newBatchProcessorThreads(before)).isEmpty();
			assertThat(context).doesNotHaveBean("openTelemetryBatchLogRecordProcessor");
			assertThat(context.getBeansOfType(LogRecordProcessor.class)).isEmpty();
			assertThat(context.getBeanProvider(BatchLogRecordProcessor.class).getIfAvailable()).isNull();
			assertThat(context).hasSingleBean(SdkLoggerProvider.class);
		});
	}

	@Test
	void runWithExporterShouldExportThroughBootsBatchProcessor() {
		Set<Thread> before = batchProcessorThreads();
		this.contextRunner.withUserConfiguration(ExporterConfiguration.class).run((context) -> {
			assertThat(newBatchProcessorThreads(before)).hasSize(1);
			assertThat(context).hasSingleBean(BatchLogRecordProcessor.class)
				.hasBean("openTelemetryBatchLogRecordProcessor")
				.doesNotHaveBean("absentBatchLogRecordProcessor");
			assertThatEmittedRecordIsExported(context, context.getBean(CollectingLogRecordExporter.class));
		});
	}

	@Test
	void runWithOtlpEndpointShouldCreateBootsBatchProcessor() {
		this.contextRunner
			.withPropertyValues("management.opentelemetry.logging.export.otlp.endpoint=http://127.0.0.1:4318/v1/logs")
			.run((context) -> assertThat(context).hasSingleBean(OtlpHttpLogRecordExporter.class)
				.hasSingleBean(BatchLogRecordProcessor.class)
				.hasBean("openTelemetryBatchLogRecordProcessor"));
	}

	@Test
	void runWithExporterOfAnotherAutoConfigurationShouldExportThroughBootsBatchProcessor() {
		// sorts after this auto-configuration by name, before Spring Boot's logging one
		this.contextRunner.withConfiguration(AutoConfigurations.of(OtherLibraryExporterAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasBean("openTelemetryBatchLogRecordProcessor");
				assertThatEmittedRecordIsExported(context, context.getBean(CollectingLogRecordExporter.class));
			});
	}

	@Test
	void runWithUserBatchProcessorShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserProcessorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BatchLogRecordProcessor.class)
				.doesNotHaveBean("absentBatchLogRecordProcessor")
				.doesNotHaveBean("openTelemetryBatchLogRecordProcessor");
			assertThat(context.getBean(BatchLogRecordProcessor.class))
				.isSameAs(context.getBean("userBatchLogRecordProcessor"));
		});
	}

	@Test
	void runWhenStarterDisabledShouldLeaveBootsBatchProcessor() {
		Set<Thread> before = batchProcessorThreads();
		this.contextRunner.withPropertyValues("observability.enabled=false").run((context) -> {
			assertThat(newBatchProcessorThreads(before)).hasSize(1);
			assertThat(context).doesNotHaveBean("absentBatchLogRecordProcessor")
				.hasSingleBean(BatchLogRecordProcessor.class);
		});
	}

	@Test
	void runWhenOpenTelemetryDisabledShouldDefineNothing() {
		this.contextRunner.withPropertyValues("management.opentelemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("absentBatchLogRecordProcessor")
				.doesNotHaveBean(SdkLoggerProvider.class));
	}

	@Test
	void runWithoutOpenTelemetryLogsShouldDefineNothing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.opentelemetry.sdk.logs"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("absentBatchLogRecordProcessor"));
	}

	private static void assertThatEmittedRecordIsExported(AssertableApplicationContext context,
			CollectingLogRecordExporter exporter) {
		SdkLoggerProvider loggerProvider = context.getBean(SdkLoggerProvider.class);
		loggerProvider.get("orders").logRecordBuilder().setBody("order placed").emit();
		assertThat(loggerProvider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
		assertThat(exporter.exported).extracting((record) -> record.getBodyValue().asString())
			.containsExactly("order placed");
	}

	static Set<Thread> batchProcessorThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("BatchLogRecordProcessor"))
			.collect(Collectors.toCollection(HashSet::new));
	}

	static Set<Thread> newBatchProcessorThreads(Set<Thread> before) {
		Set<Thread> threads = batchProcessorThreads();
		threads.removeAll(before);
		return threads;
	}

	@Configuration(proxyBeanMethods = false)
	static class ExporterConfiguration {

		@Bean
		CollectingLogRecordExporter collectingLogRecordExporter() {
			return new CollectingLogRecordExporter();
		}

	}

	@AutoConfiguration
	static class OtherLibraryExporterAutoConfiguration {

		@Bean
		CollectingLogRecordExporter otherLibraryLogRecordExporter() {
			return new CollectingLogRecordExporter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserProcessorConfiguration {

		@Bean
		BatchLogRecordProcessor userBatchLogRecordProcessor() {
			return BatchLogRecordProcessor.builder(LogRecordExporter.composite()).build();
		}

	}

	static class CollectingLogRecordExporter implements LogRecordExporter {

		final List<LogRecordData> exported = new CopyOnWriteArrayList<>();

		@Override
		public CompletableResultCode export(Collection<LogRecordData> logs) {
			this.exported.addAll(logs);
			return CompletableResultCode.ofSuccess();
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
