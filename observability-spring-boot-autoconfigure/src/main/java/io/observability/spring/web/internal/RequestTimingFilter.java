package io.observability.spring.web.internal;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds the timing headers of every request before the response is committed:
 * {@code Server-Timing: app;dur=<ms>} and, opt-in, the W3C {@code traceresponse} header.
 * The access log is written by {@link AccessLogObservationHandler}, from the request's
 * observation.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class RequestTimingFilter extends OncePerRequestFilter {

	/**
	 * Order to register the filter with: inside Spring's
	 * {@code ServerHttpObservationFilter}, so that the {@code traceresponse} header names
	 * the request's span.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	private static final String ALREADY_FILTERED_ATTRIBUTE = RequestTimingFilter.class.getName() + ".FILTERED";

	private final boolean serverTiming;

	private final @Nullable Supplier<@Nullable String> traceResponse;

	/**
	 * Create a new filter.
	 * @param serverTiming whether to add the {@code Server-Timing} header
	 * @param traceResponse supplies the {@code traceresponse} header value, or
	 * {@code null} not to add the header
	 */
	public RequestTimingFilter(boolean serverTiming, @Nullable Supplier<@Nullable String> traceResponse) {
		this.serverTiming = serverTiming;
		this.traceResponse = traceResponse;
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		// A constant: the default concatenates the filter name on every request
		return ALREADY_FILTERED_ATTRIBUTE;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.serverTiming && this.traceResponse == null) {
			chain.doFilter(request, response);
			return;
		}
		TimingHeadersResponseWrapper timedResponse = new TimingHeadersResponseWrapper(response, System.nanoTime(),
				this.serverTiming, this.traceResponse);
		chain.doFilter(request, timedResponse);
		if (!request.isAsyncStarted()) {
			// An async request answers later, through the same wrapper
			timedResponse.addTimingHeaders();
		}
	}

}
