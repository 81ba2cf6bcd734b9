package io.observability.spring.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OtlpHttpReceiver}, fed by OpenTelemetry's own OTLP/HTTP exporter.
 *
 * @author Observability Spring Boot contributors
 */
class OtlpHttpReceiverTests {

	@ParameterizedTest
	@ValueSource(strings = { "none", "gzip" })
	void receivesSpansFromTheOpenTelemetryExporter(String compression) {
		try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
			OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
				.setEndpoint(receiver.tracesEndpoint())
				.setCompression(compression)
				.build();
			try (SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
				.setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "orders")))
				.addSpanProcessor(SimpleSpanProcessor.create(exporter))
				.build()) {
				Tracer tracer = tracerProvider.get("test");
				Span parent = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
				try (Scope scope = parent.makeCurrent()) {
					tracer.spanBuilder("match products").setAttribute("document.id", "d-42").startSpan().end();
				}
				parent.end();
				tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
			}
			ReceivedSpan server = receiver.awaitSpan((span) -> span.name().equals("GET /orders"),
					Duration.ofSeconds(30));
			ReceivedSpan child = receiver.awaitSpan((span) -> span.name().equals("match products"),
					Duration.ofSeconds(30));
			assertThat(server.kind()).isEqualTo("SERVER");
			assertThat(server.serviceName()).isEqualTo("orders");
			assertThat(server.traceId()).hasSize(32);
			assertThat(server.parentSpanId()).isEmpty();
			assertThat(child.isChildOf(server)).isTrue();
			assertThat(child.attributes()).containsEntry("document.id", "d-42");
			assertThat(receiver.requestCount()).isPositive();
		}
	}

}
