package io.observability.spring.web.internal;

import java.time.Duration;
import java.util.function.Predicate;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Clock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.observability.spring.internal.ScopeIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * {@link ObservationHandler} that writes access-log lines of HTTP server request
 * observations to the {@value #ACCESS_LOGGER_NAME} logger: one {@code INFO} line per
 * request when that level is enabled, and a {@code WARN} line for a request that took
 * longer than the slow threshold ({@code Slow request …}) or failed ({@code Failed
 * request …}: response status 500 or above, or an error recorded on the observation
 * without a 4xx status). The starter sets that logger's level to {@code WARN} by default,
 * so that only slow and failed requests are logged. The line's {@code uri} is the
 * observation's {@code uri} key value, the one the {@code http.server.requests} metric
 * carries. The line carries the request, trace and span IDs that the MDC held when the
 * request's scope opened (see {@link ScopeIds}), also when an asynchronous request
 * completes on another thread; the other MDC entries are those of the thread that writes
 * it. A slow request whose stack was sampled carries {@code hot_frames}.
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

	private static final Object SCOPE_IDS = new Object();

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
		context.put(SCOPE_IDS, new ScopeIds(this.clock.monotonicTime()));
	}

	@Override
	public void onScopeOpened(ServerRequestObservationContext context) {
		ScopeIds scopeIds = context.get(SCOPE_IDS);
		if (scopeIds != null) {
			// Registered after the tracing handlers: the MDC holds the request's span
			scopeIds.captureOnFirstScope();
		}
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		try {
			ScopeIds scopeIds = context.get(SCOPE_IDS);
			if (scopeIds != null) {
				log(context, scopeIds, this.clock.monotonicTime() - scopeIds.startNanos());
			}
		}
		catch (RuntimeException ex) {
			accessLogger.debug("Could not write the access log line of a request", ex);
		}
	}

	private void log(ServerRequestObservationContext context, ScopeIds scopeIds, long durationNanos) {
		HttpServletResponse response = context.getResponse();
		int status = (response != null) ? response.getStatus() : 0;
		boolean slow = durationNanos > this.slowThresholdNanos;
		// A client error is the client's: an exception that became a 4xx stays at INFO
		boolean failed = status >= 500 || (status < 400 && context.getError() != null);
		boolean warn = slow || failed;
		// The level first: by default a fast, successful request is not logged
		HttpServletRequest request = context.getCarrier();
		if (!(warn ? accessLogger.isWarnEnabled() : accessLogger.isInfoEnabled()) || this.excluded.test(request)) {
			return;
		}
		KeyValue uriKeyValue = context.getLowCardinalityKeyValue("uri");
		String uri = (uriKeyValue != null) ? uriKeyValue.getValue() : KeyValue.NONE_VALUE;
		String method = request.getMethod();
		double durationMillis = Math.round(durationNanos / 1_000.0) / 1_000.0;
		LoggingEventBuilder event = (warn ? accessLogger.atWarn() : accessLogger.atInfo()).addKeyValue("method", method)
			.addKeyValue("uri", uri)
			.addKeyValue("status", status)
			.addKeyValue("duration_ms", durationMillis);
		KeyValue hotFrames = context.getHighCardinalityKeyValue(HOT_FRAMES);
		if (slow && hotFrames != null) {
			event = event.addKeyValue("hot_frames", hotFrames.getValue());
		}
		// Formatted here, once: the logging system would format it from boxed arguments
		StringBuilder message = new StringBuilder(64);
		if (failed) {
			message.append("Failed request ");
		}
		else if (slow) {
			message.append("Slow request ");
		}
		message.append(method).append(' ').append(uri).append(' ').append(status).append(" in ");
		message.append(durationMillis).append(" ms");
		scopeIds.log(event, message.toString());
	}

}
