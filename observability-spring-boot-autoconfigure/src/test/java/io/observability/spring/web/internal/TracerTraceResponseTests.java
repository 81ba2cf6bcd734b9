package io.observability.spring.web.internal;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TracerTraceResponse}.
 *
 * @author Observability Spring Boot contributors
 */
class TracerTraceResponseTests {

	@Test
	void currentSpanIsReportedInW3cFormat() {
		try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
			io.opentelemetry.api.trace.Tracer otel = provider.get("test");
			Tracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), (event) -> {
			});
			Span span = otel.spanBuilder("request").startSpan();
			try (Scope scope = span.makeCurrent()) {
				assertThat(new TracerTraceResponse(tracer).get()).isEqualTo(
						"00-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId() + "-01");
			}
			finally {
				span.end();
			}
		}
	}

	@Test
	void noSpanGivesNoHeader() {
		try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
			Tracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
			});
			assertThat(new TracerTraceResponse(tracer).get()).isNull();
		}
	}

	@Test
	void noopTracerGivesNoHeader() {
		// Spring Boot's tracer when Micrometer Tracing has no bridge
		assertThat(new TracerTraceResponse(Tracer.NOOP).get()).isNull();
	}

}
