package io.observability.spring.web.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Clock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.observability.spring.web.RequestId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * {@link ObservationHandler} that writes one access-log line per HTTP server request
 * observation to the {@value #ACCESS_LOGGER_NAME} logger, at {@code WARN} when the
 * request took longer than the slow threshold. The line's {@code uri} is the
 * observation's {@code uri} key value, the one the {@code http.server.requests} metric
 * carries; it is written with the MDC of the request's scope (request, trace and span
 * IDs), also when an asynchronous request completes on another thread. A slow request
 * whose stack was sampled carries {@code hot_frames}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class AccessLogObservationHandler implements ObservationHandler<ServerRequestObservationContext> {

	/**
	 * Name of the access logger.
	 */
	public static final String ACCESS_LOGGER_NAME = "io.observability.spring.web.access";

	private static final Logger accessLogger = LoggerFactory.getLogger(ACCESS_LOGGER_NAME);

	private static final String HOT_FRAMES = "profiling.hot_frames";

	private static final Object START_NANOS = new Object();

	private static final Object SCOPE_MDC = new Object();

	private final Clock clock;

	private final long slowThresholdNanos;

	private final Predicate<HttpServletRequest> excluded;

	/**
	 * Create a handler.
	 * @param clock the clock that times requests
	 * @param slowThreshold duration above which a request is logged at {@code WARN}
	 * @param excluded which requests to leave out of the access log
	 */
	public AccessLogObservationHandler(Clock clock, Duration slowThreshold, Predicate<HttpServletRequest> excluded) {
		this.clock = clock;
		this.slowThresholdNanos = slowThreshold.toNanos();
		this.excluded = excluded;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		context.put(START_NANOS, this.clock.monotonicTime());
	}

	@Override
	public void onScopeOpened(ServerRequestObservationContext context) {
		if (context.get(SCOPE_MDC) == null) {
			// Registered after the tracing handlers: the MDC holds the request's span
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			context.put(SCOPE_MDC, new ScopeMdc((mdc != null) ? mdc : Map.of(), Thread.currentThread()));
		}
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		try {
			Long start = context.get(START_NANOS);
			HttpServletRequest request = context.getCarrier();
			if (start != null && !this.excluded.test(request)) {
				log(context, request, this.clock.monotonicTime() - start);
			}
		}
		catch (RuntimeException ex) {
			accessLogger.debug("Could not write the access log line of a request", ex);
		}
	}

	private void log(ServerRequestObservationContext context, HttpServletRequest request, long durationNanos) {
		boolean slow = durationNanos > this.slowThresholdNanos;
		if (!(slow ? accessLogger.isWarnEnabled() : accessLogger.isInfoEnabled())) {
			return;
		}
		KeyValue uriKeyValue = context.getLowCardinalityKeyValue("uri");
		String uri = (uriKeyValue != null) ? uriKeyValue.getValue() : KeyValue.NONE_VALUE;
		HttpServletResponse response = context.getResponse();
		int status = (response != null) ? response.getStatus() : 0;
		String method = request.getMethod();
		double durationMillis = Math.round(durationNanos / 1_000.0) / 1_000.0;
		LoggingEventBuilder event = (slow ? accessLogger.atWarn() : accessLogger.atInfo()).addKeyValue("method", method)
			.addKeyValue("uri", uri)
			.addKeyValue("status", status)
			.addKeyValue("duration_ms", durationMillis);
		KeyValue hotFrames = context.getHighCardinalityKeyValue(HOT_FRAMES);
		if (slow && hotFrames != null) {
			event = event.addKeyValue("hot_frames", hotFrames.getValue());
		}
		// Formatted here, once: the logging system would format it from boxed arguments
		StringBuilder message = new StringBuilder(64);
		if (slow) {
			message.append("Slow request ");
		}
		message.append(method).append(' ').append(uri).append(' ').append(status).append(" in ");
		message.append(durationMillis).append(" ms");
		ScopeMdc scopeMdc = context.get(SCOPE_MDC);
		if (scopeMdc == null) {
			event.log(message.toString());
		}
		else {
			scopeMdc.log(event, message.toString());
		}
	}

	/**
	 * The MDC of the request's scope and the thread that opened it.
	 */
	private record ScopeMdc(Map<String, String> entries, Thread thread) {

		void log(LoggingEventBuilder event, String message) {
			if (isScopeThreadStillOnTheRequest()) {
				logOnScopeThread(event, message);
				return;
			}
			// An asynchronous request completing later, maybe on another thread: the line
			// holds the scope's MDC only
			Map<String, String> threadMdc = MDC.getCopyOfContextMap();
			MDC.setContextMap(this.entries);
			try {
				event.log(message);
			}
			finally {
				MDC.setContextMap((threadMdc != null) ? threadMdc : Map.of());
			}
		}

		// The request ID filter keeps the request's ID in the MDC until the request
		// leaves it: a thread that has it is still in this request
		private boolean isScopeThreadStillOnTheRequest() {
			String requestId = this.entries.get(RequestId.MDC_KEY);
			return Thread.currentThread() == this.thread && requestId != null
					&& requestId.equals(MDC.get(RequestId.MDC_KEY));
		}

		// The thread's MDC is the scope's less what the scope's listeners removed when it
		// closed (trace and span IDs): put those back for the line, without copying maps
		private void logOnScopeThread(LoggingEventBuilder event, String message) {
			String[] restore = null;
			int restored = 0;
			for (Map.Entry<String, String> entry : this.entries.entrySet()) {
				String current = MDC.get(entry.getKey());
				if (!Objects.equals(entry.getValue(), current)) {
					restore = (restore != null) ? restore : new String[this.entries.size() * 2];
					restore[restored++] = entry.getKey();
					restore[restored++] = current;
					MDC.put(entry.getKey(), entry.getValue());
				}
			}
			try {
				event.log(message);
			}
			finally {
				for (int i = 0; i < restored; i += 2) {
					if (restore[i + 1] != null) {
						MDC.put(restore[i], restore[i + 1]);
					}
					else {
						MDC.remove(restore[i]);
					}
				}
			}
		}

	}

}
