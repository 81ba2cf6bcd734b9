package io.observability.spring.tracing.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TracingEnvironmentPostProcessor}.
 *
 * @author Observability Spring Boot contributors
 */
class TracingEnvironmentPostProcessorTests {

	private static final String INCLUDE = "management.tracing.exemplars.include";

	@Test
	void contextPropagationToTaskExecutorsIsOnByDefault() {
		assertThat(postProcess(Map.of()).getProperty("spring.task.execution.propagate-context")).isEqualTo("true");
		assertThat(postProcess(Map.of("spring.task.execution.propagate-context", "false"))
			.getProperty("spring.task.execution.propagate-context")).isEqualTo("false");
	}

	@Test
	void exemplarsAreLeftToSpringBootByDefault() {
		assertThat(postProcess(Map.of()).containsProperty(INCLUDE)).isFalse();
	}

	@Test
	void exemplarsSwitchedOffTurnSpringBootsExemplarsOff() {
		assertThat(postProcess(Map.of("observability.tracing.exemplars.enabled", "false")).getProperty(INCLUDE))
			.isEqualTo("none");
	}

	@Test
	void explicitSpringBootPropertyWins() {
		assertThat(postProcess(Map.of("observability.tracing.exemplars.enabled", "false", INCLUDE, "all"))
			.getProperty(INCLUDE)).isEqualTo("all");
	}

	@Test
	void nothingIsSetWhenTracingOrStarterIsDisabled() {
		assertThat(postProcess(
				Map.of("observability.tracing.exemplars.enabled", "false", "observability.tracing.enabled", "false"))
			.containsProperty(INCLUDE)).isFalse();
		assertThat(postProcess(
				Map.of("observability.tracing.exemplars.enabled", "false", "observability.enabled", "false"))
			.containsProperty(INCLUDE)).isFalse();
	}

	private StandardEnvironment postProcess(Map<String, Object> userProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", userProperties));
		new TracingEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
