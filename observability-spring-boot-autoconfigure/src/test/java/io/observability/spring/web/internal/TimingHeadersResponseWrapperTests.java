package io.observability.spring.web.internal;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TimingHeadersResponseWrapper}.
 *
 * @author Observability Spring Boot contributors
 */
class TimingHeadersResponseWrapperTests {

	@Test
	void formatsServerTimingInMillisecondsWithMicrosecondPrecision() {
		assertThat(TimingHeadersResponseWrapper.serverTiming(0)).isEqualTo("app;dur=0.000");
		assertThat(TimingHeadersResponseWrapper.serverTiming(7_000)).isEqualTo("app;dur=0.007");
		assertThat(TimingHeadersResponseWrapper.serverTiming(12_345_678)).isEqualTo("app;dur=12.345");
		assertThat(TimingHeadersResponseWrapper.serverTiming(1_050_000_000L)).isEqualTo("app;dur=1050.000");
		assertThat(TimingHeadersResponseWrapper.serverTiming(-5)).isEqualTo("app;dur=0.000");
	}

	@Test
	void addsHeadersWhenTheBodyStartsAndOnlyOnce() throws IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		TimingHeadersResponseWrapper wrapper = new TimingHeadersResponseWrapper(response, System.nanoTime(), true,
				() -> "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		assertThat(response.getHeader("Server-Timing")).isNull();
		wrapper.getOutputStream().write('x');
		assertThat(response.getHeader("Server-Timing")).matches("app;dur=\\d+\\.\\d{3}");
		assertThat(response.getHeader("traceresponse"))
			.isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		wrapper.flushBuffer();
		assertThat(response.getHeaders("Server-Timing")).hasSize(1);
	}

	@Test
	void keepsTheApplicationsOwnServerTimingMetrics() throws IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		TimingHeadersResponseWrapper wrapper = new TimingHeadersResponseWrapper(response, System.nanoTime(), true,
				null);
		wrapper.addHeader("Server-Timing", "db;dur=53");
		wrapper.getWriter().write("x");
		assertThat(response.getHeaders("Server-Timing")).hasSize(2).first().isEqualTo("db;dur=53");
		assertThat(response.getHeaders("Server-Timing").get(1)).matches("app;dur=\\d+\\.\\d{3}");
	}

	@Test
	void addsNothingOnceCommitted() throws IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		TimingHeadersResponseWrapper wrapper = new TimingHeadersResponseWrapper(response, System.nanoTime(), true,
				null);
		response.setCommitted(true);
		wrapper.addTimingHeaders();
		assertThat(response.getHeader("Server-Timing")).isNull();
	}

	@Test
	void addsHeadersBeforeAnError() throws IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TimingHeadersResponseWrapper(response, System.nanoTime(), true, () -> null).sendError(503);
		assertThat(response.getHeader("Server-Timing")).startsWith("app;dur=");
		assertThat(response.getHeader("traceresponse")).isNull();
	}

}
