package io.observability.spring.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.util.pattern.PatternParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RequestPathMatcher}.
 *
 * @author Observability Spring Boot contributors
 */
class RequestPathMatcherTests {

	@Test
	void prefixPatternsMatchTheBaseAndEverythingBelowIt() {
		RequestPathMatcher matcher = RequestPathMatcher.of(List.of("/actuator/**"));
		assertThat(matcher.matches(request("", "/actuator"))).isTrue();
		assertThat(matcher.matches(request("", "/actuator/health/readiness"))).isTrue();
		assertThat(matcher.matches(request("", "/actuatorx"))).isFalse();
		assertThat(matcher.matches(request("", "/api/actuator"))).isFalse();
	}

	@Test
	void pathIsMatchedWithinTheContextPath() {
		RequestPathMatcher matcher = RequestPathMatcher.of(List.of("/actuator/**"));
		assertThat(matcher.matches(request("/shop", "/shop/actuator/prometheus"))).isTrue();
		assertThat(matcher.matches(request("/shop", "/actuator/prometheus"))).isFalse();
	}

	@Test
	void otherPatternsUsePathPatternSyntax() {
		RequestPathMatcher matcher = RequestPathMatcher.of(List.of("/api/*/ping", "/static/{file}.css"));
		assertThat(matcher.matches(request("", "/api/v1/ping"))).isTrue();
		assertThat(matcher.matches(request("", "/static/site.css"))).isTrue();
		assertThat(matcher.matches(request("", "/api/v1/pong"))).isFalse();
	}

	@Test
	void emptyMatcherMatchesNothing() {
		assertThat(RequestPathMatcher.of(List.of()).matches(request("", "/actuator"))).isFalse();
	}

	@Test
	void malformedPatternIsRejected() {
		assertThatExceptionOfType(PatternParseException.class)
			.isThrownBy(() -> RequestPathMatcher.of(List.of("/a/{unclosed")));
	}

	private MockHttpServletRequest request(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		return request;
	}

}
