package io.observability.spring.health.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DependencyHealthProperties}.
 *
 * @author Observability Spring Boot contributors
 */
class DependencyHealthPropertiesTests {

	@Test
	void timeoutFromAnEnvironmentVariableAppliesToItsComponent() {
		DependencyHealthProperties properties = bind(
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("OBSERVABILITY_HEALTH_TIMEOUTS_OBJECTSTORAGE", "3s")));
		assertThat(properties.getTimeouts()).containsOnlyKeys("objectstorage");
		assertThat(properties.timeoutFor("objectStorage")).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.timeoutFor("db")).isEqualTo(properties.getTimeout());
	}

	@Test
	void timeoutInKebabCaseAppliesToItsComponent() {
		DependencyHealthProperties properties = bind(new MapPropertySource("properties", Map
			.of("observability.health.timeouts.object-storage", "2s", "observability.health.timeouts.db", "500ms")));
		assertThat(properties.timeoutFor("objectStorage")).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.timeoutFor("db")).isEqualTo(Duration.ofMillis(500));
		assertThat(properties.timeoutFor("redis")).isEqualTo(properties.getTimeout());
	}

	@Test
	void readinessModeFromAnEnvironmentVariableAppliesToItsComponent() {
		DependencyHealthProperties properties = bind(
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("OBSERVABILITY_HEALTH_READINESS_OBJECTSTORAGE", "degraded")));
		assertThat(properties.readinessFor("objectStorage"))
			.isEqualTo(DependencyHealthProperties.ReadinessMode.DEGRADED);
		assertThat(properties.readinessFor("db")).isEqualTo(DependencyHealthProperties.ReadinessMode.REQUIRED);
	}

	@Test
	void memberOfACompositeTakesItsOwnSettingsThenItsComposites() {
		DependencyHealthProperties properties = bind(new MapPropertySource("properties",
				Map.of("observability.health.timeouts.db", "2s", "observability.health.timeouts.[db/replica]", "3s",
						"observability.health.readiness.[db/replica]", "degraded")));
		assertThat(properties.timeoutFor("db/replica")).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.timeoutFor("db/primary")).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.timeoutFor("db")).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.readinessFor("db/replica")).isEqualTo(DependencyHealthProperties.ReadinessMode.DEGRADED);
		assertThat(properties.readinessFor("db/primary")).isEqualTo(DependencyHealthProperties.ReadinessMode.REQUIRED);
	}

	private static DependencyHealthProperties bind(PropertySource<?> source) {
		StandardEnvironment environment = new StandardEnvironment();
		// Replaces the real environment variables, if the source has their name
		environment.getPropertySources().remove(source.getName());
		environment.getPropertySources().addFirst(source);
		return new Binder(ConfigurationPropertySources.get(environment)).bindOrCreate(DependencyHealthProperties.PREFIX,
				DependencyHealthProperties.class);
	}

}
