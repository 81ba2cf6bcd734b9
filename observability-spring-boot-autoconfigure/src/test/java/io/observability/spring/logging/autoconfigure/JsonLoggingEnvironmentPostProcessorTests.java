package io.observability.spring.logging.autoconfigure;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.observability.spring.logging.JsonLogFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonLoggingEnvironmentPostProcessor}.
 *
 * @author Observability Spring Boot contributors
 */
class JsonLoggingEnvironmentPostProcessorTests {

	private static final String FORMAT = "logging.structured.format.console";

	private final JsonLoggingEnvironmentPostProcessor postProcessor = new JsonLoggingEnvironmentPostProcessor();

	@TempDir
	Path classPathRoot;

	@Test
	void jsonFormatIsTheDefaultWithoutLoggingConfiguration() {
		StandardEnvironment environment = postProcess(Map.of());
		assertThat(environment.getProperty(FORMAT)).isEqualTo(JsonLogFormatter.class.getName());
		assertThat(environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
		assertThat(environment.getPropertySources().get(DefaultPropertiesPropertySource.NAME).containsProperty(FORMAT))
			.isTrue();
	}

	@Test
	void userStructuredFormatWins() {
		StandardEnvironment environment = postProcess(Map.of(FORMAT, "ecs"));
		assertThat(environment.getProperty(FORMAT)).isEqualTo("ecs");
	}

	@Test
	void loggingConfigPropertyTurnsJsonDefaultOff() {
		StandardEnvironment environment = postProcess(Map.of("logging.config", "classpath:my-logback.xml"));
		assertThat(environment.containsProperty(FORMAT)).isFalse();
		assertThat(environment.containsProperty("spring.main.banner-mode")).isFalse();
	}

	@Test
	void logbackSpringXmlOnTheClassPathTurnsJsonDefaultOff() throws IOException {
		assertOwnConfigurationFileTurnsJsonDefaultOff("logback-spring.xml");
	}

	@Test
	void logbackXmlOnTheClassPathTurnsJsonDefaultOff() throws IOException {
		assertOwnConfigurationFileTurnsJsonDefaultOff("logback.xml");
	}

	private void assertOwnConfigurationFileTurnsJsonDefaultOff(String fileName) throws IOException {
		Files.writeString(this.classPathRoot.resolve(fileName), "<configuration/>");
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { this.classPathRoot.toUri().toURL() },
				getClass().getClassLoader())) {
			SpringApplication application = new SpringApplication();
			application.setResourceLoader(new DefaultResourceLoader(classLoader));
			StandardEnvironment environment = new StandardEnvironment();
			this.postProcessor.postProcessEnvironment(environment, application);
			assertThat(environment.containsProperty(FORMAT)).isFalse();
		}
	}

	@Test
	void plainFormatLeavesSpringBootConsole() {
		StandardEnvironment environment = postProcess(Map.of("observability.logging.format", "plain"));
		assertThat(environment.containsProperty(FORMAT)).isFalse();
	}

	@Test
	void disabledLoggingLeavesSpringBootConsole() {
		StandardEnvironment environment = postProcess(Map.of("observability.logging.enabled", "false"));
		assertThat(environment.containsProperty(FORMAT)).isFalse();
	}

	@Test
	void masterSwitchOffLeavesSpringBootConsole() {
		StandardEnvironment environment = postProcess(Map.of("observability.enabled", "false"));
		assertThat(environment.containsProperty(FORMAT)).isFalse();
	}

	@Test
	void unknownFormatFailsNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> postProcess(Map.of("observability.logging.format", "xml")))
			.withMessageContaining("observability.logging.format");
	}

	@Test
	void invalidMaskPatternFailsNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> postProcess(Map.of("observability.masking.patterns[0]", "password=(")))
			.satisfies((ex) -> assertThat(ex.getProperty()).extracting((property) -> property.getName().toString())
				.isEqualTo("observability.masking.patterns[0]"));
	}

	@Test
	void nonPositiveStackTraceDepthFailsNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> postProcess(Map.of("observability.logging.stack-trace.max-depth-per-throwable", "0")))
			.satisfies((ex) -> assertThat(ex.getProperty()).extracting((property) -> property.getName().toString())
				.isEqualTo("observability.logging.stack-trace.max-depth-per-throwable"));
	}

	private StandardEnvironment postProcess(Map<String, Object> userProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", userProperties));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
