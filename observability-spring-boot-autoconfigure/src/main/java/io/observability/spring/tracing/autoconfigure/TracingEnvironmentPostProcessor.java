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
 * {@link EnvironmentPostProcessor} that translates
 * {@code observability.tracing.exemplars.enabled=false} into Spring Boot's
 * {@code management.tracing.exemplars.include=none}, as a lowest-precedence default so
 * that an explicit value of Spring Boot's property still wins.
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
		boolean exemplars = binder.bind(ObservabilityTracingProperties.PREFIX + ".exemplars.enabled", Boolean.class)
			.orElse(true);
		if (enabled && !exemplars) {
			Map<String, Object> defaults = new LinkedHashMap<>();
			defaults.put("management.tracing.exemplars.include", "none");
			addDefaults(environment.getPropertySources(), defaults);
		}
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
