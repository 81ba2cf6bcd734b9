package io.observability.spring.web.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.observability.spring.internal.PropertyBounds;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Configuration properties for request correlation and timing.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties("observability.web")
public class WebObservabilityProperties {

	/**
	 * Whether to enable request correlation and timing for servlet web applications.
	 */
	private boolean enabled = true;

	/**
	 * Duration above which a request is logged at WARN instead of INFO.
	 */
	private Duration slowRequestThreshold = Duration.ofSeconds(1);

	/**
	 * Path patterns of requests kept out of the access log and, unless
	 * observe-excluded-paths is set, out of HTTP server metrics and traces, matched on
	 * the decoded, normalized path. Defaults to everything under the actuator's base path
	 * and the additional paths of health groups, such as /livez and /readyz.
	 */
	private @Nullable List<String> excludedPaths;

	/**
	 * Whether requests to excluded paths still create 'http.server.requests' metrics and
	 * traces.
	 */
	private boolean observeExcludedPaths;

	private final RequestId requestId = new RequestId();

	private final Timing timing = new Timing();

	private final AccessLog accessLog = new AccessLog();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getSlowRequestThreshold() {
		return this.slowRequestThreshold;
	}

	public void setSlowRequestThreshold(Duration slowRequestThreshold) {
		this.slowRequestThreshold = PropertyBounds.nonNegative("observability.web.slow-request-threshold",
				slowRequestThreshold);
	}

	public @Nullable List<String> getExcludedPaths() {
		return this.excludedPaths;
	}

	public void setExcludedPaths(@Nullable List<String> excludedPaths) {
		if (excludedPaths != null) {
			for (String pattern : excludedPaths) {
				Assert.isTrue(pattern.startsWith("/"),
						() -> "observability.web.excluded-paths: '" + pattern + "' must start with '/'");
				PathPatternParser.defaultInstance.parse(pattern);
			}
		}
		this.excludedPaths = excludedPaths;
	}

	public boolean isObserveExcludedPaths() {
		return this.observeExcludedPaths;
	}

	public void setObserveExcludedPaths(boolean observeExcludedPaths) {
		this.observeExcludedPaths = observeExcludedPaths;
	}

	public RequestId getRequestId() {
		return this.requestId;
	}

	public Timing getTiming() {
		return this.timing;
	}

	public AccessLog getAccessLog() {
		return this.accessLog;
	}

	private static String validHeaderName(String property, String name) {
		Assert.isTrue(!name.isEmpty(), () -> property + " must not be empty");
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			Assert.isTrue(token, () -> property + ": '" + name + "' is not a valid HTTP header name");
		}
		return name;
	}

	/**
	 * Request ID properties.
	 */
	public static class RequestId {

		/**
		 * Whether to give every request an ID, in the MDC as 'request_id', in the
		 * response and on outbound calls.
		 */
		private boolean enabled = true;

		/**
		 * Request headers to take the request ID from, in order of preference. Values
		 * that are not 1 to 128 characters of letters, digits and '._:@/+=-' are ignored
		 * and an ID is generated instead.
		 */
		private List<String> incomingHeaders = new ArrayList<>(List.of("X-Request-ID", "X-Correlation-ID"));

		/**
		 * Response header that carries the request ID.
		 */
		private String responseHeader = "X-Request-ID";

		/**
		 * Whether to echo the request ID in the response.
		 */
		private boolean echo = true;

		/**
		 * Whether to propagate the request ID on outbound calls of Boot-built RestClient,
		 * RestTemplate and WebClient builders.
		 */
		private boolean propagate = true;

		/**
		 * Request header that carries the request ID on outbound calls.
		 */
		private String outboundHeader = "X-Request-ID";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getIncomingHeaders() {
			return this.incomingHeaders;
		}

		public void setIncomingHeaders(List<String> incomingHeaders) {
			incomingHeaders.forEach((name) -> validHeaderName("observability.web.request-id.incoming-headers", name));
			this.incomingHeaders = incomingHeaders;
		}

		public String getResponseHeader() {
			return this.responseHeader;
		}

		public void setResponseHeader(String responseHeader) {
			this.responseHeader = validHeaderName("observability.web.request-id.response-header", responseHeader);
		}

		public boolean isEcho() {
			return this.echo;
		}

		public void setEcho(boolean echo) {
			this.echo = echo;
		}

		public boolean isPropagate() {
			return this.propagate;
		}

		public void setPropagate(boolean propagate) {
			this.propagate = propagate;
		}

		public String getOutboundHeader() {
			return this.outboundHeader;
		}

		public void setOutboundHeader(String outboundHeader) {
			this.outboundHeader = validHeaderName("observability.web.request-id.outbound-header", outboundHeader);
		}

	}

	/**
	 * Request timing properties.
	 */
	public static class Timing {

		/**
		 * Whether to time requests: the Server-Timing and traceresponse headers and the
		 * access log.
		 */
		private boolean enabled = true;

		/**
		 * Whether to add a 'Server-Timing' header with the application's duration in
		 * milliseconds ('app;dur=12.345') to every response.
		 */
		private boolean serverTimingHeader = true;

		/**
		 * Whether to add the W3C 'traceresponse' header with the trace and span IDs to
		 * every response. Off by default: it exposes tracing internals to clients.
		 */
		private boolean traceResponseHeader;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isServerTimingHeader() {
			return this.serverTimingHeader;
		}

		public void setServerTimingHeader(boolean serverTimingHeader) {
			this.serverTimingHeader = serverTimingHeader;
		}

		public boolean isTraceResponseHeader() {
			return this.traceResponseHeader;
		}

		public void setTraceResponseHeader(boolean traceResponseHeader) {
			this.traceResponseHeader = traceResponseHeader;
		}

	}

	/**
	 * Access log properties.
	 */
	public static class AccessLog {

		/**
		 * Whether to log requests to the 'io.observability.spring.web.access' logger:
		 * slow and failed ones at WARN, every other one at INFO when that logger's level,
		 * WARN by default, is set to INFO.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
