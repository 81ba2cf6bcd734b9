package io.observability.spring.internal;

import io.observability.spring.web.RequestId;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The trace, span and request IDs in the MDC when an observation's scope opened, for a
 * line logged about the observation later, maybe after the scope closed or on another
 * thread. Only the MDC keys {@value #TRACE_ID}, {@value #SPAN_ID} (Micrometer Tracing's)
 * and {@value RequestId#MDC_KEY} are read, with no copy of the MDC.
 * <p>
 * Not an API: used by the starter's observation handlers only.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class ScopeIds {

	/**
	 * MDC key of the trace ID, as Micrometer Tracing writes it.
	 */
	public static final String TRACE_ID = "traceId";

	/**
	 * MDC key of the span ID, as Micrometer Tracing writes it.
	 */
	public static final String SPAN_ID = "spanId";

	private final @Nullable String traceId;

	private final @Nullable String spanId;

	private final @Nullable String requestId;

	private ScopeIds(@Nullable String traceId, @Nullable String spanId, @Nullable String requestId) {
		this.traceId = traceId;
		this.spanId = spanId;
		this.requestId = requestId;
	}

	/**
	 * Read the IDs from the current thread's MDC.
	 * @return the IDs, each {@code null} when the MDC has none
	 */
	public static ScopeIds capture() {
		return new ScopeIds(MDC.get(TRACE_ID), MDC.get(SPAN_ID), MDC.get(RequestId.MDC_KEY));
	}

	/**
	 * Log an event with these IDs in the current thread's MDC, as they were in the scope
	 * (an ID the scope did not have is absent), and restore each one afterwards. The
	 * thread's other MDC entries are left as they are.
	 * @param event the event to log
	 * @param message the event's message
	 */
	public void log(LoggingEventBuilder event, String message) {
		// The thread's values of the IDs this line changes: after the scope closed on the
		// scope's thread only the trace and span IDs differ
		String traceId = MDC.get(TRACE_ID);
		String spanId = MDC.get(SPAN_ID);
		String requestId = MDC.get(RequestId.MDC_KEY);
		set(TRACE_ID, traceId, this.traceId);
		set(SPAN_ID, spanId, this.spanId);
		set(RequestId.MDC_KEY, requestId, this.requestId);
		try {
			event.log(message);
		}
		finally {
			set(TRACE_ID, this.traceId, traceId);
			set(SPAN_ID, this.spanId, spanId);
			set(RequestId.MDC_KEY, this.requestId, requestId);
		}
	}

	private static void set(String key, @Nullable String current, @Nullable String value) {
		if (value == null) {
			if (current != null) {
				MDC.remove(key);
			}
		}
		else if (!value.equals(current)) {
			MDC.put(key, value);
		}
	}

}
