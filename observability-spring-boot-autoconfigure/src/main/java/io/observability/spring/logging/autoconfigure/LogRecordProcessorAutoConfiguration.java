package io.observability.spring.logging.autoconfigure;

import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry;
import org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * {@link EnableAutoConfiguration Auto-configuration} that keeps Spring Boot from building
 * OpenTelemetry's batch log record processor, and starting its worker thread, when there
 * is no {@link LogRecordExporter} for it to export to. With an exporter (for example
 * {@code management.opentelemetry.logging.export.otlp.endpoint}) Spring Boot's processor
 * is created as without the starter.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = OpenTelemetryLoggingAutoConfiguration.class, after = OtlpLoggingAutoConfiguration.class)
// as late as Spring Boot's processor allows, so that exporters of other
// auto-configurations are defined by the time the condition looks for them
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnClass({ BatchLogRecordProcessor.class, OpenTelemetryLoggingAutoConfiguration.class })
@ConditionalOnEnabledOpenTelemetry
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
public final class LogRecordProcessorAutoConfiguration {

	// Spring Boot backs off for any BatchLogRecordProcessor definition; a null one is
	// never built, so no thread starts, and the SdkLoggerProvider receives no processor
	@Bean
	@ConditionalOnMissingBean({ BatchLogRecordProcessor.class, LogRecordExporter.class })
	@Nullable BatchLogRecordProcessor absentBatchLogRecordProcessor() {
		return null;
	}

}
