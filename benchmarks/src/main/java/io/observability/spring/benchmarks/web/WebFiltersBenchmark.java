package io.observability.spring.benchmarks.web;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.observability.spring.web.RequestId;
import io.observability.spring.web.internal.RequestIdFilter;
import io.observability.spring.web.internal.RequestTimingFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Per-request cost of the request ID and timing filters, against the same chain without
 * them. The "servlet" at the end of the chain starts the response body, as Spring MVC's
 * message converters do, so the timing headers are added on every invocation. The
 * access-log line is written by a handler of the server request observation, not by these
 * filters: the load benchmark measures it.
 *
 * @author Observability Spring Boot contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WebFiltersBenchmark {

	/**
	 * Whether the incoming request carries a valid {@code X-Request-ID}.
	 */
	@Param({ "generated", "incoming" })
	public String requestId;

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders/42");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final FilterChain servlet = (request, response) -> response.getOutputStream();

	private final RequestIdFilter requestIdFilter = new RequestIdFilter(List.of("X-Request-ID", "X-Correlation-ID"),
			"X-Request-ID");

	private final RequestTimingFilter timingFilter = new RequestTimingFilter(true, null);

	private final FilterChain timedServlet = (request, response) -> this.timingFilter.doFilter(request, response,
			this.servlet);

	@Setup
	public void setUp() {
		this.request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/api/orders/{id}");
		if ("incoming".equals(this.requestId)) {
			this.request.addHeader("X-Request-ID", "0f8fad5b-d9cb-469f-a165-70867728950e");
		}
	}

	@Benchmark
	public MockHttpServletResponse withoutFilters() throws IOException, ServletException {
		this.servlet.doFilter(this.request, this.response);
		return this.response;
	}

	/**
	 * What the filters make the (mock) container do anyway: store a request attribute and
	 * two response headers. Subtract it from the filter benchmarks to see the filters'
	 * own cost; a real container's header storage is cheaper than the mock's.
	 * @return the response
	 * @throws IOException never
	 * @throws ServletException never
	 */
	@Benchmark
	public MockHttpServletResponse containerWork() throws IOException, ServletException {
		this.request.setAttribute(RequestId.REQUEST_ATTRIBUTE, "0f8fad5b-d9cb-469f-a165-70867728950e");
		this.response.setHeader("X-Request-ID", "0f8fad5b-d9cb-469f-a165-70867728950e");
		this.response.setHeader("Server-Timing", "app;dur=0.125");
		this.servlet.doFilter(this.request, this.response);
		this.request.removeAttribute(RequestId.REQUEST_ATTRIBUTE);
		return this.response;
	}

	@Benchmark
	public MockHttpServletResponse requestIdFilter() throws IOException, ServletException {
		this.requestIdFilter.doFilter(this.request, this.response, this.servlet);
		this.request.removeAttribute(RequestId.REQUEST_ATTRIBUTE);
		return this.response;
	}

	@Benchmark
	public MockHttpServletResponse timingFilter() throws IOException, ServletException {
		this.timingFilter.doFilter(this.request, this.response, this.servlet);
		// Server-Timing is added, not set: without this the mock keeps every value
		this.response.reset();
		return this.response;
	}

	@Benchmark
	public MockHttpServletResponse bothFilters() throws IOException, ServletException {
		this.requestIdFilter.doFilter(this.request, this.response, this.timedServlet);
		this.request.removeAttribute(RequestId.REQUEST_ATTRIBUTE);
		this.response.reset();
		return this.response;
	}

}
