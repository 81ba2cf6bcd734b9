package io.observability.spring.logging.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.observability.spring.internal.StarterDefaults;
import io.observability.spring.logging.JsonLogFormatter;
import io.observability.spring.logging.ObservabilityLoggingProperties;
import io.observability.spring.masking.MaskingProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * {@link EnvironmentPostProcessor} that makes Spring Boot write the console log as JSON
 * with {@link JsonLogFormatter}, before the logging system is initialised. It only sets
 * defaults, as the lowest-precedence property source:
 * {@code logging.structured.format.console} and {@code spring.main.banner-mode=off} (a
 * banner is not JSON).
 * <p>
 * Nothing is set when the application brings its own logging configuration
 * ({@code logging.config}, or a {@code logback.xml}, {@code logback-spring.xml} or their
 * test and Groovy variants on the class path), when logback-logstash-encoder or Logback
 * is missing, when {@code observability.logging.format=plain}, or when
 * {@code observability.enabled} or {@code observability.logging.enabled} is
 * {@code false}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class JsonLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Order of this post-processor: last, so that the application's config data is
	 * already there to decide on.
	 */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	private static final String LOGSTASH_ENCODER_CLASS = "net.logstash.logback.encoder.LogstashEncoder";

	private static final String LOGBACK_CLASS = "ch.qos.logback.classic.LoggerContext";

	private static final List<String> LOGBACK_CONFIGURATION_FILES = List.of("logback-test.groovy", "logback-test.xml",
			"logback.groovy", "logback.xml", "logback-test-spring.groovy", "logback-test-spring.xml",
			"logback-spring.groovy", "logback-spring.xml");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("observability.enabled", Boolean.class).orElse(true)) {
			return;
		}
		// Bound here so that a bad value fails with its name before logging starts
		ObservabilityLoggingProperties properties = ObservabilityLoggingProperties.get(environment);
		MaskingProperties.get(environment);
		if (!properties.isEnabled() || properties.getFormat() != ObservabilityLoggingProperties.Format.JSON) {
			return;
		}
		ClassLoader classLoader = application.getClassLoader();
		if (!ClassUtils.isPresent(LOGBACK_CLASS, classLoader)
				|| !ClassUtils.isPresent(LOGSTASH_ENCODER_CLASS, classLoader)
				|| hasOwnLoggingConfiguration(environment, classLoader)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("logging.structured.format.console", JsonLogFormatter.class.getName());
		defaults.put("spring.main.banner-mode", "off");
		StarterDefaults.add(environment.getPropertySources(), defaults);
	}

	private boolean hasOwnLoggingConfiguration(ConfigurableEnvironment environment, @Nullable ClassLoader classLoader) {
		if (StringUtils.hasText(environment.getProperty("logging.config"))) {
			return true;
		}
		return LOGBACK_CONFIGURATION_FILES.stream()
			.anyMatch((location) -> new ClassPathResource(location, classLoader).exists());
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
