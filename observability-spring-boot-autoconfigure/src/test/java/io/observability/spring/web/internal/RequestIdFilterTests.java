package io.observability.spring.web.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.observability.spring.web.RequestId;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RequestIdFilter}, for the inputs a servlet container may let through.
 * The filter is also tested on a running server in
 * {@code WebObservabilityIntegrationTests}.
 *
 * @author Observability Spring Boot contributors
 */
class RequestIdFilterTests {

	private final RequestIdFilter filter = new RequestIdFilter(List.of("X-Request-ID", "X-Correlation-ID"),
			"X-Request-ID");

	@ParameterizedTest
	@ValueSource(strings = { "abc\r\nX-Injected: yes", "line\nbreak", "abc\u0001def", "tab\tinside", "\u0000" })
	void controlCharactersGetAGeneratedId(String value) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Request-ID", value);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<String> seen = filter(request, response);
		assertThat(response.getHeader("X-Request-ID")).isNotEqualTo(value).isEqualTo(seen.get());
		assertThat(RequestId.isValid(response.getHeader("X-Request-ID"))).isTrue();
	}

	@Test
	void firstValidHeaderInOrderOfPreferenceWins() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.addHeader("X-Correlation-ID", "correlation");
		request.addHeader("X-Request-ID", "bad value");
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(filter(request, response).get()).isEqualTo("correlation");
	}

	@Test
	void idIsKeptAcrossDispatchesAndMdcIsRestoredAfterEach() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		MockHttpServletResponse response = new MockHttpServletResponse();
		String first = filter(request, response).get();
		assertThat(MDC.get(RequestId.MDC_KEY)).isNull();
		request.setDispatcherType(DispatcherType.ERROR);
		String error = filter(request, new MockHttpServletResponse()).get();
		request.setDispatcherType(DispatcherType.ASYNC);
		String async = filter(request, new MockHttpServletResponse()).get();
		assertThat(error).isEqualTo(first);
		assertThat(async).isEqualTo(first);
		assertThat(RequestId.of(request)).isEqualTo(first);
		assertThat(MDC.get(RequestId.MDC_KEY)).isNull();
	}

	@Test
	void idIsNotEchoedWhenNoResponseHeaderIsConfigured() throws Exception {
		RequestIdFilter silent = new RequestIdFilter(List.of("X-Request-ID"), null);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		MockHttpServletResponse response = new MockHttpServletResponse();
		silent.doFilter(request, response, new MockFilterChain());
		assertThat(response.getHeaderNames()).isEmpty();
		assertThat(RequestId.of(request)).isNotNull();
	}

	@Test
	void mdcIsClearedWhenTheChainThrows() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
				throw new IllegalStateException("boom");
			}));
		assertThat(MDC.get(RequestId.MDC_KEY)).isNull();
	}

	private AtomicReference<String> filter(MockHttpServletRequest request, MockHttpServletResponse response)
			throws Exception {
		AtomicReference<String> seen = new AtomicReference<>();
		this.filter.doFilter(request, response, (req, res) -> seen.set(MDC.get(RequestId.MDC_KEY)));
		return seen;
	}

}
