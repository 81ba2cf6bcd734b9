package io.observability.spring.tracing.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.observability.spring.tracing.internal.SpanExportMetrics;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryProperties;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryResourceAttributes;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for OTLP trace export through Spring
 * Boot's OpenTelemetry support: the {@code service.version} (from build info) and
 * {@code deployment.environment} resource attributes, and metrics of the span export
 * queue, so that spans dropped while a collector is down or hanging are counted.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(before = { OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class })
@ConditionalOnClass({ OpenTelemetrySdk.class, OpenTelemetryResourceAttributes.class })
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservabilityTracingProperties.class)
public final class ObservabilityTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Resource openTelemetryResource(Environment environment, ObjectProvider<OpenTelemetryProperties> openTelemetry,
			ObjectProvider<BuildProperties> buildProperties, ObservabilityTracingProperties properties) {
		ResourceBuilder ours = Resource.builder();
		BuildProperties build = buildProperties.getIfAvailable();
		if (build != null && build.getVersion() != null) {
			ours.put("service.version", build.getVersion());
		}
		String deploymentEnvironment = properties.getDeploymentEnvironment();
		if (deploymentEnvironment != null) {
			ours.put("deployment.environment", deploymentEnvironment);
			ours.put("deployment.environment.name", deploymentEnvironment);
		}
		ResourceBuilder boot = Resource.builder();
		OpenTelemetryProperties openTelemetryProperties = openTelemetry.getIfAvailable();
		new OpenTelemetryResourceAttributes(environment,
				(openTelemetryProperties != null) ? openTelemetryProperties.getResourceAttributes() : null)
			.applyTo(boot::put);
		// Spring Boot's attributes (OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME,
		// management.opentelemetry.resource-attributes, spring.application.name) win
		return Resource.getDefault().merge(ours.build()).merge(boot.build());
	}

	// Spring Boot hands the only MeterProvider bean to its BatchSpanProcessor: with the
	// application's own, the processor records into that one and there is nothing to read
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SdkMeterProvider.class, BatchSpanProcessor.class, MeterBinder.class })
	@ConditionalOnMissingBean(MeterProvider.class)
	static class SpanExportMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpanExportMetrics spanExportMetrics() {
			return new SpanExportMetrics();
		}

		@Bean
		SdkMeterProvider spanExportMeterProvider(SpanExportMetrics spanExportMetrics) {
			// Spring Boot hands the only MeterProvider bean to its BatchSpanProcessor,
			// which then records its queue size and dropped spans in it
			return spanExportMetrics.createMeterProvider();
		}

	}

}
