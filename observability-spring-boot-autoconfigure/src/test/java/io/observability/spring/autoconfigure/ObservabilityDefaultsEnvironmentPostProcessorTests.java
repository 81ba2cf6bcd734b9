package io.observability.spring.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ObservabilityDefaultsEnvironmentPostProcessor}.
 *
 * @author Observability Spring Boot contributors
 */
class ObservabilityDefaultsEnvironmentPostProcessorTests {

	private static final String EXEMPLARS_INCLUDE = "management.tracing.exemplars.include";

	private static final String ACCESS_LEVEL = "logging.level.io.observability.spring.web.access";

	private final ObservabilityDefaultsEnvironmentPostProcessor postProcessor = new ObservabilityDefaultsEnvironmentPostProcessor();

	@Test
	void defaultsAreAddedWhenNothingIsSet() {
		StandardEnvironment environment = postProcess(Map.of());
		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,prometheus");
		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.health.livenessstate.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.health.readinessstate.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.observations.annotations.enabled")).isEqualTo("true");
		assertThat(
				environment.getProperty("management.metrics.distribution.percentiles-histogram.http.server.requests"))
			.isEqualTo("true");
		assertThat(environment.getProperty("management.metrics.observations.ignored-meters"))
			.isEqualTo("long-task-timer");
		assertThat(environment.getProperty("spring.task.execution.propagate-context")).isEqualTo("true");
	}

	@Test
	void userIgnoredMetersWin() {
		assertThat(postProcess(Map.of("management.metrics.observations.ignored-meters", ""))
			.getProperty("management.metrics.observations.ignored-meters")).isEmpty();
	}

	@Test
	void defaultsAreTheLowestPrecedencePropertySource() {
		StandardEnvironment environment = postProcess(Map.of());
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second))
			.hasValueSatisfying((last) -> assertThat(last.getName()).isEqualTo(DefaultPropertiesPropertySource.NAME));
	}

	@Test
	void applicationDefaultPropertiesWinOverDefaults() {
		StandardEnvironment environment = new StandardEnvironment();
		DefaultPropertiesPropertySource.addOrMerge(Map.of("management.endpoints.web.exposure.include", "health"),
				environment.getPropertySources());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
		assertThat(environment.getProperty("management.observations.annotations.enabled")).isEqualTo("true");
	}

	@Test
	void userValuesWinOverDefaults() {
		StandardEnvironment environment = postProcess(Map.of("management.endpoints.web.exposure.include", "health",
				"management.observations.annotations.enabled", "false"));
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
		assertThat(environment.getProperty("management.observations.annotations.enabled")).isEqualTo("false");
	}

	@Test
	void applicationTagFollowsApplicationName() {
		StandardEnvironment environment = postProcess(Map.of("spring.application.name", "orders"));
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("orders");
	}

	@Test
	void applicationTagIsNotAddedWithoutApplicationName() {
		StandardEnvironment environment = postProcess(Map.of());
		assertThat(environment.containsProperty("management.metrics.tags.application")).isFalse();
	}

	@Test
	void userApplicationTagWins() {
		StandardEnvironment environment = postProcess(
				Map.of("spring.application.name", "orders", "management.metrics.tags.application", "billing"));
		assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("billing");
	}

	@Test
	void nothingIsAddedWhenStarterIsDisabled() {
		StandardEnvironment environment = postProcess(Map.of("observability.enabled", "false"));
		assertThat(environment.getPropertySources().contains(DefaultPropertiesPropertySource.NAME)).isFalse();
		assertThat(environment.containsProperty("management.observations.annotations.enabled")).isFalse();
	}

	@Test
	void malformedMasterSwitchFailsNamingTheProperty() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> postProcess(Map.of("observability.enabled", "sometimes")))
			.withMessageContaining("observability.enabled");
	}

	@Test
	void postProcessingTwiceKeepsOnePropertySource() {
		StandardEnvironment environment = postProcess(Map.of());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources()
			.stream()
			.filter((source) -> source.getName().equals(DefaultPropertiesPropertySource.NAME))).hasSize(1);
	}

	@Test
	void exemplarsAreLeftToSpringBootByDefault() {
		assertThat(postProcess(Map.of()).containsProperty(EXEMPLARS_INCLUDE)).isFalse();
	}

	@Test
	void exemplarsSwitchedOffTurnSpringBootsExemplarsOff() {
		assertThat(
				postProcess(Map.of("observability.tracing.exemplars.enabled", "false")).getProperty(EXEMPLARS_INCLUDE))
			.isEqualTo("none");
	}

	@Test
	void explicitExemplarsPropertyWins() {
		assertThat(postProcess(Map.of("observability.tracing.exemplars.enabled", "false", EXEMPLARS_INCLUDE, "all"))
			.getProperty(EXEMPLARS_INCLUDE)).isEqualTo("all");
	}

	@Test
	void exemplarsSwitchIsIgnoredWhenTracingSupportIsOff() {
		assertThat(postProcess(
				Map.of("observability.tracing.exemplars.enabled", "false", "observability.tracing.enabled", "false"))
			.containsProperty(EXEMPLARS_INCLUDE)).isFalse();
	}

	@Test
	void contextPropagationCanBeTurnedOff() {
		assertThat(postProcess(Map.of("spring.task.execution.propagate-context", "false"))
			.getProperty("spring.task.execution.propagate-context")).isEqualTo("false");
	}

	@Test
	void accessLoggerLogsSlowAndFailedRequestsOnlyByDefault() {
		assertThat(postProcess(Map.of()).getProperty(ACCESS_LEVEL)).isEqualTo("warn");
	}

	@Test
	void userAccessLoggerLevelWins() {
		assertThat(postProcess(Map.of(ACCESS_LEVEL, "info")).getProperty(ACCESS_LEVEL)).isEqualTo("info");
	}

	@Test
	void userLevelOfAParentLoggerIsNotOverriddenForTheAccessLogger() {
		assertThat(postProcess(Map.of("logging.level.io.observability.spring.web", "debug"))
			.containsProperty(ACCESS_LEVEL)).isFalse();
		assertThat(postProcess(Map.of("logging.level.io", "info")).containsProperty(ACCESS_LEVEL)).isFalse();
	}

	@Test
	void rootLevelKeepsTheAccessLoggerDefault() {
		assertThat(postProcess(Map.of("logging.level.root", "info")).getProperty(ACCESS_LEVEL)).isEqualTo("warn");
	}

	@Test
	void uriCapsAreLeftToSpringBoot() {
		StandardEnvironment environment = postProcess(Map.of());
		assertThat(environment.containsProperty("management.metrics.web.server.max-uri-tags")).isFalse();
		assertThat(environment.containsProperty("management.metrics.web.client.max-uri-tags")).isFalse();
	}

	private StandardEnvironment postProcess(Map<String, Object> userProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", userProperties));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
