package io.observability.spring.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Adds the starter's defaults for Spring Boot's own properties to Spring Boot's
 * lowest-precedence {@link DefaultPropertiesPropertySource default properties}, behind
 * any default property the application sets itself. For the starter's
 * {@code EnvironmentPostProcessor}s.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class StarterDefaults {

	private StarterDefaults() {
	}

	/**
	 * Add defaults to the environment's default properties; a default property the
	 * application already has keeps its value.
	 * @param propertySources the environment's property sources
	 * @param defaults the defaults to add
	 */
	public static void add(MutablePropertySources propertySources, Map<String, Object> defaults) {
		if (defaults.isEmpty()) {
			return;
		}
		Map<String, Object> merged = new LinkedHashMap<>(defaults);
		// SpringApplication keeps its default properties last, whatever is added after
		// them,
		// so the defaults share that source and the application's own entries win
		if (propertySources.get(DefaultPropertiesPropertySource.NAME) instanceof EnumerablePropertySource<?> user) {
			for (String name : user.getPropertyNames()) {
				merged.put(name, user.getProperty(name));
			}
		}
		DefaultPropertiesPropertySource.addOrMerge(merged, propertySources);
	}

}
