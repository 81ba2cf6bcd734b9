package io.observability.spring.logging;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the console output of applications started in the test JVM with the starter's
 * logging choices: Spring Boot's plain console, and the includable JSON appender in an
 * application's own Logback configuration.
 *
 * @author Observability Spring Boot contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLoggingOutputTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	// Spring Boot keeps the console format of the first application of a JVM as a system
	// property, which would decide for the applications started after it
	private static final String STRUCTURED_FORMAT_PROPERTY = "CONSOLE_LOG_STRUCTURED_FORMAT";

	@BeforeEach
	@AfterEach
	void clearStructuredFormatSystemProperty() {
		System.clearProperty(STRUCTURED_FORMAT_PROPERTY);
		// An application still open in this JVM (a cached test context) keeps Logback
		// initialized its way, and Spring Boot would not initialize it again
		LoggingSystem.get(getClass().getClassLoader()).cleanUp();
	}

	@Test
	void includableAppenderWritesJsonFromTheApplicationsOwnConfiguration(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(
				"--logging.config=classpath:logging/logback-spring-with-json-appender.xml",
				"--spring.application.name=billing")) {
			LoggerFactory.getLogger(JsonLoggingOutputTests.class).info("Token is token=abc123");
		}
		JsonNode line = jsonLines(output).stream()
			.filter((node) -> node.get("logger_name").asString().equals(JsonLoggingOutputTests.class.getName()))
			.findFirst()
			.orElseThrow();
		assertThat(line.get("message").asString()).isEqualTo("Token is token=****");
		assertThat(line.get("service").asString()).isEqualTo("billing");
	}

	@Test
	void plainFormatWritesSpringBootsConsolePattern(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--observability.logging.format=plain")) {
			LoggerFactory.getLogger(JsonLoggingOutputTests.class).info("Plain line");
		}
		assertThat(output.getOut()).contains("Plain line");
		assertThat(output.getOut().lines().filter((line) -> line.contains("Plain line")))
			.allSatisfy((line) -> assertThat(line).doesNotStartWith("{").contains(" INFO "));
	}

	@Test
	void jsonIsTheDefault(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run()) {
			LoggerFactory.getLogger(JsonLoggingOutputTests.class).info("JSON line");
		}
		assertThat(jsonLines(output))
			.anySatisfy((line) -> assertThat(line.get("message").asString()).isEqualTo("JSON line"));
	}

	private List<JsonNode> jsonLines(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.startsWith("{")).map(json::readTree).toList();
	}

	private ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(TestConfiguration.class).web(WebApplicationType.NONE).run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestConfiguration {

	}

}
