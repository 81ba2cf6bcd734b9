package io.observability.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.observability.spring.internal.StarterDefaults;
import io.observability.spring.web.internal.AccessLogObservationHandler;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * {@link EnvironmentPostProcessor} that gives Spring Boot's own properties the defaults
 * an observable, Kubernetes-ready application needs. The defaults are added as the
 * lowest-precedence property source, so any value the user sets anywhere, including
 * {@code SpringApplication#setDefaultProperties}, wins.
 * <p>
 * The defaults are:
 * <ul>
 * <li>web exposure of the {@code health}, {@code info} and {@code prometheus} endpoints;
 * <li>the Kubernetes liveness and readiness probes and their state indicators;
 * <li>{@code management.observations.annotations.enabled}, so that {@code @Observed},
 * {@code @Timed} and {@code @Counted} work without configuration;
 * <li>percentile histograms for {@code http.server.requests}, so that p50/p95/p99 can be
 * computed in Prometheus;
 * <li>a common {@code application} tag on every meter, from
 * {@code spring.application.name} when it is set;
 * <li>context propagation on Spring Boot's task executors, so that trace context and
 * request IDs follow work onto {@code @Async} methods;
 * <li>no long-task timers for observations
 * ({@code management.metrics.observations.ignored-meters=long-task-timer}): the
 * {@code .active} meter that Micrometer's meter handler keeps per request and per
 * {@code @Observed} call costs CPU on every call and no dashboard or alert of the starter
 * reads it;
 * <li>the {@code WARN} level for the access logger
 * ({@code logging.level.io.observability.spring.web.access=warn}), so that only slow and
 * failed requests are logged; a level the user sets for that logger or one of its
 * parents, other than the root, wins;
 * <li>no exemplars ({@code management.tracing.exemplars.include=none}) when
 * {@code observability.tracing.exemplars.enabled} is {@code false}, for Prometheus
 * servers before 2.43 that reject exemplars on {@code _count} lines.
 * </ul>
 * Nothing is added when {@code observability.enabled} is {@code false}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class ObservabilityDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Order of this post-processor: last, so that the defaults are added after the
	 * application's own config data and can stay behind it.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	private static final String ENABLED_PROPERTY = ObservabilityProperties.PREFIX + ".enabled";

	private static final String ACCESS_LOGGER_LEVEL_PROPERTY = "logging.level."
			+ AccessLogObservationHandler.ACCESS_LOGGER_NAME;

	private static final String APPLICATION_NAME_PROPERTY = "spring.application.name";

	private static final String TRACING_ENABLED_PROPERTY = ObservabilityProperties.PREFIX + ".tracing.enabled";

	private static final String EXEMPLARS_ENABLED_PROPERTY = ObservabilityProperties.PREFIX
			+ ".tracing.exemplars.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// Bound rather than read so that a malformed value fails with the property's name
		boolean enabled = Binder.get(environment).bind(ENABLED_PROPERTY, Boolean.class).orElse(true);
		if (!enabled) {
			return;
		}
		StarterDefaults.add(environment.getPropertySources(), defaults(environment));
	}

	private Map<String, Object> defaults(ConfigurableEnvironment environment) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		defaults.put("management.endpoint.health.probes.enabled", "true");
		defaults.put("management.health.livenessstate.enabled", "true");
		defaults.put("management.health.readinessstate.enabled", "true");
		defaults.put("management.observations.annotations.enabled", "true");
		defaults.put("management.metrics.distribution.percentiles-histogram.http.server.requests", "true");
		defaults.put("management.metrics.observations.ignored-meters", "long-task-timer");
		defaults.put("spring.task.execution.propagate-context", "true");
		if (!hasAccessLoggerLevel(environment)) {
			defaults.put(ACCESS_LOGGER_LEVEL_PROPERTY, "warn");
		}
		Binder binder = Binder.get(environment);
		if (binder.bind(TRACING_ENABLED_PROPERTY, Boolean.class).orElse(true)
				&& !binder.bind(EXEMPLARS_ENABLED_PROPERTY, Boolean.class).orElse(true)) {
			defaults.put("management.tracing.exemplars.include", "none");
		}
		if (StringUtils.hasText(environment.getProperty(APPLICATION_NAME_PROPERTY))) {
			defaults.put("management.metrics.tags.application", "${" + APPLICATION_NAME_PROPERTY + "}");
		}
		return defaults;
	}

	// A level set for a parent logger, such as the starter's, is a choice for the access
	// logger too: the default must not override it
	private static boolean hasAccessLoggerLevel(ConfigurableEnvironment environment) {
		String name = ACCESS_LOGGER_LEVEL_PROPERTY;
		while (name.length() > "logging.level.".length()) {
			if (environment.containsProperty(name)) {
				return true;
			}
			name = name.substring(0, Math.max(name.lastIndexOf('.'), 0));
		}
		return false;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
