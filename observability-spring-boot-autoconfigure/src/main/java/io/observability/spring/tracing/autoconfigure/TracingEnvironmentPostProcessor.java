package io.observability.spring.tracing.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * {@link EnvironmentPostProcessor} that gives Spring Boot's tracing properties the
 * starter's defaults, as the lowest-precedence property source so that an explicit value
 * still wins: {@code spring.task.execution.propagate-context=true}, so that the trace
 * context (and the log correlation that follows it) reaches {@code @Async} methods and
 * tasks of Spring Boot's executor, and {@code management.tracing.exemplars.include=none}
 * when {@code observability.tracing.exemplars.enabled} is {@code false}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class TracingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Order of this post-processor: last, so that the application's config data is
	 * already there to decide on.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		boolean enabled = binder.bind("observability.enabled", Boolean.class).orElse(true)
				&& binder.bind(ObservabilityTracingProperties.PREFIX + ".enabled", Boolean.class).orElse(true);
		if (!enabled) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.task.execution.propagate-context", "true");
		if (!binder.bind(ObservabilityTracingProperties.PREFIX + ".exemplars.enabled", Boolean.class).orElse(true)) {
			defaults.put("management.tracing.exemplars.include", "none");
		}
		addDefaults(environment.getPropertySources(), defaults);
	}

	private void addDefaults(MutablePropertySources propertySources, Map<String, Object> defaults) {
		// SpringApplication's own default properties share the source and win over ours
		if (propertySources.get(DefaultPropertiesPropertySource.NAME) instanceof EnumerablePropertySource<?> user) {
			for (String name : user.getPropertyNames()) {
				defaults.put(name, user.getProperty(name));
			}
		}
		DefaultPropertiesPropertySource.addOrMerge(defaults, propertySources);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
