package io.observability.spring.web.autoconfigure;

import java.util.List;

import io.observability.spring.web.RequestPathMatcher;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Resolves the paths kept out of the access log and HTTP server observations.
 *
 * @author Observability Spring Boot contributors
 */
final class ExcludedPaths {

	private ExcludedPaths() {
	}

	/**
	 * Return a matcher for the configured excluded paths or, by default, everything under
	 * the actuator's base path (under Spring MVC's servlet path, if set).
	 * @param properties the web properties
	 * @param environment the environment that holds the actuator's base path
	 * @return the matcher
	 */
	static RequestPathMatcher matcher(WebObservabilityProperties properties, Environment environment) {
		List<String> excludedPaths = properties.getExcludedPaths();
		if (excludedPaths != null) {
			return RequestPathMatcher.of(excludedPaths);
		}
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		// With the actuator at the root, a default exclusion would exclude everything
		if (!StringUtils.hasText(basePath) || "/".equals(basePath)) {
			return RequestPathMatcher.of(List.of());
		}
		// On the application's port the actuator sits under Spring MVC's servlet path
		String servletPath = StringUtils.trimTrailingCharacter(environment.getProperty("spring.mvc.servlet.path", ""),
				'/');
		return RequestPathMatcher.of(List.of(servletPath + StringUtils.trimTrailingCharacter(basePath, '/') + "/**"));
	}

}
