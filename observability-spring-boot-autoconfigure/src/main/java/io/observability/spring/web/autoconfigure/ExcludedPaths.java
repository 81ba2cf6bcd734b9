package io.observability.spring.web.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.observability.spring.web.internal.RequestPathMatcher;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Resolves the paths kept out of the access log and HTTP server observations.
 *
 * @author Observability Spring Boot contributors
 */
final class ExcludedPaths {

	private static final String SERVER_NAMESPACE = "server:";

	private static final String HEALTH = "management.endpoint.health.";

	private ExcludedPaths() {
	}

	/**
	 * Return a matcher for the configured excluded paths or, by default, everything
	 * Spring Boot's actuator serves on the application's port: everything under its base
	 * path and the additional paths of health groups, such as {@code /livez} and
	 * {@code /readyz} with
	 * {@code management.endpoint.health.probes.add-additional-paths=true} (all under
	 * Spring MVC's servlet path, if set).
	 * @param properties the web properties
	 * @param environment the environment that holds the actuator's base path
	 * @return the matcher
	 */
	static RequestPathMatcher matcher(WebObservabilityProperties properties, Environment environment) {
		List<String> excludedPaths = properties.getExcludedPaths();
		if (excludedPaths != null) {
			return RequestPathMatcher.of(excludedPaths);
		}
		// On the application's port the actuator sits under Spring MVC's servlet path
		String servletPath = StringUtils.trimTrailingCharacter(environment.getProperty("spring.mvc.servlet.path", ""),
				'/');
		List<String> paths = new ArrayList<>();
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		// With the actuator at the root, a default exclusion would exclude everything
		if (StringUtils.hasText(basePath) && !"/".equals(basePath)) {
			paths.add(servletPath + StringUtils.trimTrailingCharacter(basePath, '/') + "/**");
		}
		additionalHealthPaths(environment).forEach((path) -> paths.add(servletPath + path + "/**"));
		return RequestPathMatcher.of(paths);
	}

	/**
	 * Return the additional paths that Spring Boot serves health groups at on the
	 * application's port: those configured as {@code server:/path} and, when probes have
	 * additional paths, {@code /livez} and {@code /readyz} for the liveness and readiness
	 * groups that configure none.
	 * @param environment the environment
	 * @return the paths
	 */
	static List<String> additionalHealthPaths(Environment environment) {
		Binder binder = Binder.get(environment);
		Map<String, String> groupPaths = new LinkedHashMap<>();
		binder.bind(HEALTH + "group", Bindable.mapOf(String.class, HealthGroup.class))
			.orElse(Map.of())
			.forEach((name, group) -> {
				if (group.getAdditionalPath() != null) {
					groupPaths.put(name, group.getAdditionalPath());
				}
			});
		boolean probes = binder.bind(HEALTH + "probes.enabled", Boolean.class).orElse(true);
		if (probes && binder.bind(HEALTH + "probes.add-additional-paths", Boolean.class).orElse(false)) {
			groupPaths.putIfAbsent("liveness", "server:/livez");
			groupPaths.putIfAbsent("readiness", "server:/readyz");
		}
		List<String> paths = new ArrayList<>();
		for (String groupPath : groupPaths.values()) {
			if (groupPath.startsWith(SERVER_NAMESPACE)) {
				String path = StringUtils.trimTrailingCharacter(groupPath.substring(SERVER_NAMESPACE.length()).trim(),
						'/');
				if (!path.isEmpty()) {
					paths.add(path.startsWith("/") ? path : "/" + path);
				}
			}
		}
		return paths;
	}

	/**
	 * The part of a health group's configuration that places it at an additional path.
	 */
	static class HealthGroup {

		private @Nullable String additionalPath;

		@Nullable String getAdditionalPath() {
			return this.additionalPath;
		}

		void setAdditionalPath(@Nullable String additionalPath) {
			this.additionalPath = additionalPath;
		}

	}

}
