package io.observability.spring.web.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Supplier;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * Response wrapper that adds the timing headers at the last moment they can be added:
 * when the application starts the body or otherwise commits the response. The
 * {@code Server-Timing} duration is therefore the time the application took to start
 * answering.
 *
 * @author Observability Spring Boot contributors
 */
final class TimingHeadersResponseWrapper extends HttpServletResponseWrapper {

	static final String SERVER_TIMING = "Server-Timing";

	static final String TRACE_RESPONSE = "traceresponse";

	private final long startNanos;

	private final boolean serverTiming;

	private final @Nullable Supplier<@Nullable String> traceResponse;

	private boolean headersAdded;

	TimingHeadersResponseWrapper(HttpServletResponse response, long startNanos, boolean serverTiming,
			@Nullable Supplier<@Nullable String> traceResponse) {
		super(response);
		this.startNanos = startNanos;
		this.serverTiming = serverTiming;
		this.traceResponse = traceResponse;
	}

	/**
	 * Add the headers, unless they were added already or the response is committed.
	 */
	void addTimingHeaders() {
		if (this.headersAdded || isCommitted()) {
			return;
		}
		this.headersAdded = true;
		if (this.serverTiming) {
			// Added to the application's own metrics, if any
			addHeader(SERVER_TIMING, serverTiming(System.nanoTime() - this.startNanos));
		}
		if (this.traceResponse != null) {
			String value = this.traceResponse.get();
			if (value != null) {
				setHeader(TRACE_RESPONSE, value);
			}
		}
	}

	// One concatenation, sized exactly: the header value is the only string it makes
	static String serverTiming(long nanos) {
		long micros = Math.max(0, nanos / 1000);
		long fraction = micros % 1000;
		String padding = (fraction < 10) ? ".00" : (fraction < 100) ? ".0" : ".";
		return "app;dur=" + (micros / 1000) + padding + fraction;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		addTimingHeaders();
		return super.getOutputStream();
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		addTimingHeaders();
		return super.getWriter();
	}

	@Override
	public void flushBuffer() throws IOException {
		addTimingHeaders();
		super.flushBuffer();
	}

	@Override
	public void sendError(int sc, String msg) throws IOException {
		addTimingHeaders();
		super.sendError(sc, msg);
	}

	@Override
	public void sendError(int sc) throws IOException {
		addTimingHeaders();
		super.sendError(sc);
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		addTimingHeaders();
		super.sendRedirect(location);
	}

	@Override
	public void sendRedirect(String location, boolean clearBuffer) throws IOException {
		addTimingHeaders();
		super.sendRedirect(location, clearBuffer);
	}

	@Override
	public void sendRedirect(String location, int sc) throws IOException {
		addTimingHeaders();
		super.sendRedirect(location, sc);
	}

	@Override
	public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
		addTimingHeaders();
		super.sendRedirect(location, sc, clearBuffer);
	}

}
