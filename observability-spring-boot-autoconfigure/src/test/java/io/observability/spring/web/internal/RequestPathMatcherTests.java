package io.observability.spring.web.internal;

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
	void pathIsMatchedDecodedAndNormalized() {
		RequestPathMatcher matcher = RequestPathMatcher.of(List.of("/actuator/**", "/livez/**"));
		assertThat(matcher.matches(request("", "/%61ctuator/health"))).isTrue();
		assertThat(matcher.matches(request("", "/%6c%69vez"))).isTrue();
		assertThat(matcher.matches(request("", "//actuator//health"))).isTrue();
		assertThat(matcher.matches(request("", "/actuator;jsessionid=1/health"))).isTrue();
		assertThat(matcher.matches(request("", "/api/../actuator/health"))).isTrue();
		assertThat(matcher.matches(request("", "/api/%2E%2E/actuator"))).isTrue();
		assertThat(matcher.matches(request("", "/./livez/"))).isTrue();
		assertThat(matcher.matches(request("", "/actuator/../api/orders"))).isFalse();
		assertThat(matcher.matches(request("", "/%2561ctuator/health"))).isFalse();
		assertThat(matcher.matches(request("", "/%zzactuator"))).isFalse();
	}

	@Test
	void encodedContextPathIsMatchedNormalizedToo() {
		RequestPathMatcher matcher = RequestPathMatcher.of(List.of("/actuator/**"));
		assertThat(matcher.matches(request("/%73hop", "/%73hop/%61ctuator/health"))).isTrue();
		assertThat(matcher.matches(request("/shop", "/shop//actuator"))).isTrue();
		assertThat(matcher.matches(request("/shop", "/shop/../actuator"))).isFalse();
	}

	@Test
	void patternsAreMatchedAgainstTheDecodedPathOnce() {
		RequestPathMatcher matcher = RequestPathMatcher.of(List.of("/*/health"));
		assertThat(matcher.matches(request("", "/%61ctuator/health"))).isTrue();
		assertThat(matcher.matches(request("", "/a%252Fb/health"))).isTrue();
		assertThat(matcher.matches(request("", "/a/b/health"))).isFalse();
	}

	@Test
	void normalizeResolvesSegmentsAsTheServerDoes() {
		assertThat(RequestPathMatcher.normalize("/%61ctuator//health;v=1/")).isEqualTo("/actuator/health/");
		assertThat(RequestPathMatcher.normalize("/a/b/../../c")).isEqualTo("/c");
		assertThat(RequestPathMatcher.normalize("/../../c")).isEqualTo("/c");
		assertThat(RequestPathMatcher.normalize("/")).isEmpty();
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
