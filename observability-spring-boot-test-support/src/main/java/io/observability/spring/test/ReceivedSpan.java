package io.observability.spring.test;

import java.util.Map;

/**
 * A span as an {@link OtlpHttpReceiver} received it.
 *
 * @param serviceName the {@code service.name} resource attribute
 * @param resourceAttributes every resource attribute, values as strings
 * @param traceId the trace ID, 32 lower-case hex characters
 * @param spanId the span ID, 16 lower-case hex characters
 * @param parentSpanId the parent's span ID, or an empty string for a root span
 * @param name the span name
 * @param kind the span kind without its prefix, for example {@code SERVER}
 * @param attributes the span attributes, values as strings
 * @param error whether the span's status is an error
 * @author Observability Spring Boot contributors
 */
public record ReceivedSpan(String serviceName, Map<String, String> resourceAttributes, String traceId, String spanId,
		String parentSpanId, String name, String kind, Map<String, String> attributes, boolean error) {

	/**
	 * Return whether this span is a child of the given span.
	 * @param parent the candidate parent
	 * @return whether the parent's span ID is this span's parent ID in the same trace
	 */
	public boolean isChildOf(ReceivedSpan parent) {
		return this.traceId.equals(parent.traceId) && this.parentSpanId.equals(parent.spanId);
	}

}
