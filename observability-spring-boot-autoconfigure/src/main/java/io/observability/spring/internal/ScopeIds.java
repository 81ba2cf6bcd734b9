package io.observability.spring.internal;

import io.observability.spring.web.RequestId;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * When an observation started, and the trace, span and request IDs that the MDC held when
 * its first scope opened, for a line logged about the observation when it stops, maybe
 * after the scope closed or on another thread. Only the MDC keys {@value #TRACE_ID},
 * {@value #SPAN_ID} (Micrometer Tracing's) and {@value RequestId#MDC_KEY} are read, with
 * no copy of the MDC. One instance per observation, kept in its context.
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

	private final long startNanos;

	// Written on the first scope's thread before the observation can stop elsewhere
	private boolean captured;

	private @Nullable String traceId;

	private @Nullable String spanId;

	private @Nullable String requestId;

	/**
	 * Create an instance for an observation that starts.
	 * @param startNanos the observation's start, in monotonic nanoseconds
	 */
	public ScopeIds(long startNanos) {
		this.startNanos = startNanos;
	}

	/**
	 * Return the observation's start.
	 * @return the start, in monotonic nanoseconds
	 */
	public long startNanos() {
		return this.startNanos;
	}

	/**
	 * Read the IDs from the current thread's MDC if no scope of the observation opened
	 * before: the first scope is the one in which the tracing handlers put the
	 * observation's span. An ID the MDC does not have stays {@code null}.
	 */
	public void captureOnFirstScope() {
		if (!this.captured) {
			this.captured = true;
			this.traceId = MDC.get(TRACE_ID);
			this.spanId = MDC.get(SPAN_ID);
			this.requestId = MDC.get(RequestId.MDC_KEY);
		}
	}

	/**
	 * Log an event with these IDs in the current thread's MDC, as they were in the scope
	 * (an ID the scope did not have is absent), and restore each one afterwards. The
	 * thread's other MDC entries are left as they are. Without a captured scope the event
	 * is logged with the thread's MDC.
	 * @param event the event to log
	 * @param message the event's message
	 */
	public void log(LoggingEventBuilder event, String message) {
		if (!this.captured) {
			event.log(message);
			return;
		}
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
