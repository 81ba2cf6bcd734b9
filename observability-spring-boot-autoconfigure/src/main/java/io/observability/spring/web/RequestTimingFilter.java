package io.observability.spring.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times every request: adds {@code Server-Timing: app;dur=<ms>} (and, opt-in, the W3C
 * {@code traceresponse} header) before the response is committed, and writes one
 * access-log line per request to the {@value #ACCESS_LOGGER_NAME} logger, at WARN when
 * the request is slower than a threshold.
 * <p>
 * The access log carries the method, the URI <em>template</em> (never the raw path of an
 * unmatched request), the status and {@code duration_ms} as key-value pairs; the request
 * and trace IDs come from the MDC. Register the filter inside Spring's
 * {@code ServerHttpObservationFilter} so that the trace IDs are in place.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class RequestTimingFilter extends OncePerRequestFilter {

	/**
	 * Order to register the filter with: just inside Spring's
	 * {@code ServerHttpObservationFilter} ({@code HIGHEST_PRECEDENCE + 1}), so that the
	 * access log line carries the request's trace and span IDs.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	/**
	 * Name of the access logger.
	 */
	public static final String ACCESS_LOGGER_NAME = "io.observability.spring.web.access";

	private static final Logger accessLogger = LoggerFactory.getLogger(ACCESS_LOGGER_NAME);

	/**
	 * Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}, by name: the
	 * filter also runs in servlet applications without Spring MVC.
	 */
	static final String BEST_MATCHING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	private static final String ALREADY_FILTERED_ATTRIBUTE = RequestTimingFilter.class.getName() + ".FILTERED";

	private final boolean serverTiming;

	private final @Nullable Supplier<@Nullable String> traceResponse;

	private final boolean accessLog;

	private final Predicate<HttpServletRequest> excludedFromAccessLog;

	private final long slowThresholdNanos;

	/**
	 * Create a new filter.
	 * @param serverTiming whether to add the {@code Server-Timing} header
	 * @param traceResponse supplies the {@code traceresponse} header value, or
	 * {@code null} not to add the header
	 * @param accessLog whether to write the access log
	 * @param excludedFromAccessLog which requests to leave out of the access log
	 * @param slowThreshold duration above which a request is logged at WARN
	 */
	public RequestTimingFilter(boolean serverTiming, @Nullable Supplier<@Nullable String> traceResponse,
			boolean accessLog, Predicate<HttpServletRequest> excludedFromAccessLog, Duration slowThreshold) {
		this.serverTiming = serverTiming;
		this.traceResponse = traceResponse;
		this.accessLog = accessLog;
		this.excludedFromAccessLog = excludedFromAccessLog;
		this.slowThresholdNanos = slowThreshold.toNanos();
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		// A constant: the default concatenates the filter name on every request
		return ALREADY_FILTERED_ATTRIBUTE;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long startNanos = System.nanoTime();
		TimingHeadersResponseWrapper timedResponse = (this.serverTiming || this.traceResponse != null)
				? new TimingHeadersResponseWrapper(response, startNanos, this.serverTiming, this.traceResponse) : null;
		try {
			chain.doFilter(request, (timedResponse != null) ? timedResponse : response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			// The container answers 500 for an exception that escapes the filter chain
			logAccess(request, HttpStatus.INTERNAL_SERVER_ERROR.value(), startNanos);
			throw ex;
		}
		if (timedResponse != null && !request.isAsyncStarted()) {
			// An async request answers later, through the same wrapper
			timedResponse.addTimingHeaders();
		}
		if (request.isAsyncStarted()) {
			request.getAsyncContext().addListener(new AccessLogAsyncListener(request, response, startNanos));
		}
		else {
			logAccess(request, response.getStatus(), startNanos);
		}
	}

	private void logAccess(HttpServletRequest request, int status, long startNanos) {
		if (!this.accessLog) {
			return;
		}
		long durationNanos = System.nanoTime() - startNanos;
		boolean slow = durationNanos > this.slowThresholdNanos;
		if (!(slow ? accessLogger.isWarnEnabled() : accessLogger.isInfoEnabled())
				|| this.excludedFromAccessLog.test(request)) {
			return;
		}
		String method = request.getMethod();
		String uri = uriTemplate(request, status);
		double durationMillis = Math.round(durationNanos / 1_000.0) / 1_000.0;
		LoggingEventBuilder event = slow ? accessLogger.atWarn() : accessLogger.atInfo();
		event.addKeyValue("method", method)
			.addKeyValue("uri", uri)
			.addKeyValue("status", status)
			.addKeyValue("duration_ms", durationMillis)
			.log(slow ? "Slow request {} {} {} in {} ms" : "{} {} {} in {} ms", method, uri, status, durationMillis);
	}

	private static String uriTemplate(HttpServletRequest request, int status) {
		Object pattern = request.getAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE);
		String template = (pattern != null) ? pattern.toString() : null;
		if (status == HttpStatus.NOT_FOUND.value() && (template == null || template.endsWith("**"))) {
			// Nothing matched but a catch-all such as the static resource handler's /**
			return "NOT_FOUND";
		}
		if (template != null) {
			return template;
		}
		return (status >= 300 && status < 400) ? "REDIRECTION" : "UNKNOWN";
	}

	/**
	 * Writes the access-log line of an asynchronous request when it completes.
	 */
	private final class AccessLogAsyncListener implements AsyncListener {

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final long startNanos;

		private final @Nullable Map<String, String> diagnosticContext;

		AccessLogAsyncListener(HttpServletRequest request, HttpServletResponse response, long startNanos) {
			this.request = request;
			this.response = response;
			this.startNanos = startNanos;
			// The request's ID and its span's trace and span IDs, as a synchronous
			// request's line has them
			this.diagnosticContext = MDC.getCopyOfContextMap();
		}

		@Override
		public void onComplete(AsyncEvent event) {
			// A container thread completes the request: the line gets the request
			// thread's
			// diagnostic context, and the completing thread gets its own back
			Map<String, String> completingThreadContext = MDC.getCopyOfContextMap();
			MDC.setContextMap((this.diagnosticContext != null) ? this.diagnosticContext : Map.of());
			try {
				logAccess(this.request, this.response.getStatus(), this.startNanos);
			}
			finally {
				MDC.setContextMap((completingThreadContext != null) ? completingThreadContext : Map.of());
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
