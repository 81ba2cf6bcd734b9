package io.observability.spring.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ObservabilityDefaultsEnvironmentPostProcessor} in a running
 * {@link SpringApplication}, where the defaults meet config data files.
 *
 * @author Observability Spring Boot contributors
 */
class ObservabilityDefaultsApplicationTests {

	@Test
	void postProcessorIsRegisteredAndAppliesDefaults() {
		try (ConfigurableApplicationContext context = run()) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("management.observations.annotations.enabled")).isEqualTo("true");
			assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		}
	}

	@Test
	void applicationPropertiesWinOverDefaults() {
		try (ConfigurableApplicationContext context = run(
				"--spring.config.location=classpath:defaults/application.properties")) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
				.isEqualTo("health,prometheus");
			assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("orders");
			assertThat(environment.getProperty("management.observations.annotations.enabled")).isEqualTo("true");
		}
	}

	@Test
	void applicationDefaultPropertiesWinOverDefaults() {
		SpringApplication application = new SpringApplicationBuilder(TestConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties(Map.of("management.observations.annotations.enabled", "false"))
			.build();
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getEnvironment().getProperty("management.observations.annotations.enabled"))
				.isEqualTo("false");
		}
	}

	@Test
	void masterSwitchOffLeavesBootDefaultsAlone() {
		try (ConfigurableApplicationContext context = run("--observability.enabled=false")) {
			assertThat(context.getEnvironment().containsProperty("management.observations.annotations.enabled"))
				.isFalse();
			assertThat(context.getBeanNamesForType(ObservabilityProperties.class)).isEmpty();
		}
	}

	@Test
	void malformedMasterSwitchFailsStartupNamingTheProperty() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> run("--observability.enabled=sometimes"))
			.withMessageContaining("observability.enabled");
	}

	private ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(TestConfiguration.class).web(WebApplicationType.NONE).run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestConfiguration {

	}

}
