package io.observability.spring.web.internal;

import java.io.IOException;
import java.util.Enumeration;
import java.util.List;

import io.observability.spring.web.RequestId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an ID: the first valid value of the configured incoming headers, or
 * a new time-ordered UUID. The ID is kept in a request attribute, put in the {@link MDC}
 * as {@value RequestId#MDC_KEY} for every dispatch of the request (including async and
 * error dispatches, which may run on other threads), removed afterwards, and optionally
 * echoed in a response header.
 * <p>
 * An invalid incoming value (see {@link RequestId#isValid(CharSequence)}) is ignored: it
 * is never echoed and never logged, so hostile input cannot reach logs or responses.
 * <p>
 * Register it before Spring's {@code ServerHttpObservationFilter} so that the ID is in
 * place when the request's observation starts.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class RequestIdFilter extends OncePerRequestFilter {

	/**
	 * Order to register the filter with: before Spring's
	 * {@code ServerHttpObservationFilter} ({@code HIGHEST_PRECEDENCE + 1}), so that the
	 * ID is known when the request's observation starts.
	 */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE;

	private static final String ALREADY_FILTERED_ATTRIBUTE = RequestIdFilter.class.getName() + ".FILTERED";

	private final List<String> incomingHeaders;

	private final @Nullable String responseHeader;

	/**
	 * Create a new filter.
	 * @param incomingHeaders the request headers to take an ID from, in order of
	 * preference
	 * @param responseHeader the response header to echo the ID in, or {@code null} not to
	 * echo it
	 */
	public RequestIdFilter(List<String> incomingHeaders, @Nullable String responseHeader) {
		this.incomingHeaders = List.copyOf(incomingHeaders);
		this.responseHeader = responseHeader;
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		// A constant: the default concatenates the filter name on every request
		return ALREADY_FILTERED_ATTRIBUTE;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = RequestId.of(request);
		if (requestId == null) {
			requestId = resolve(request);
			request.setAttribute(RequestId.REQUEST_ATTRIBUTE, requestId);
		}
		if (this.responseHeader != null && !response.isCommitted()) {
			response.setHeader(this.responseHeader, requestId);
		}
		String previous = MDC.get(RequestId.MDC_KEY);
		MDC.put(RequestId.MDC_KEY, requestId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (previous != null) {
				MDC.put(RequestId.MDC_KEY, previous);
			}
			else {
				MDC.remove(RequestId.MDC_KEY);
			}
		}
	}

	private String resolve(HttpServletRequest request) {
		boolean rejected = false;
		for (String header : this.incomingHeaders) {
			Enumeration<String> values = request.getHeaders(header);
			while (values != null && values.hasMoreElements()) {
				String value = values.nextElement();
				if (RequestId.isValid(value)) {
					return value;
				}
				rejected = true;
			}
		}
		String generated = RequestId.generate();
		if (rejected && this.logger.isDebugEnabled()) {
			// Never the rejected value itself: it is untrusted input
			this.logger.debug("Ignored an invalid incoming request ID, using generated " + generated);
		}
		return generated;
	}

}
