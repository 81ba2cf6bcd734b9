package io.observability.spring.web.internal;

import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the W3C {@code traceresponse} header value of the current span from a
 * Micrometer {@link Tracer}: version {@code 00}, trace ID, span ID and trace flags,
 * separated by dashes.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class TracerTraceResponse implements Supplier<@Nullable String> {

	private final Tracer tracer;

	/**
	 * Create a new supplier.
	 * @param tracer the tracer whose current span is reported
	 */
	public TracerTraceResponse(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public @Nullable String get() {
		Span span = this.tracer.currentSpan();
		// A no-op tracer's span has no IDs
		if (span == null || span.isNoop()) {
			return null;
		}
		TraceContext context = span.context();
		return "00-" + context.traceId() + "-" + context.spanId()
				+ (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
	}

}
