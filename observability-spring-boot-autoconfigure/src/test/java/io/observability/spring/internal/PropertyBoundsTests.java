package io.observability.spring.internal;

import java.util.ArrayList;
import java.util.List;

import io.observability.spring.health.autoconfigure.DependencyHealthProperties;
import io.observability.spring.logging.ObservabilityLoggingProperties;
import io.observability.spring.metrics.autoconfigure.CardinalityGuardProperties;
import io.observability.spring.operation.OperationsProperties;
import io.observability.spring.profiling.autoconfigure.ProfilingProperties;
import io.observability.spring.tracing.autoconfigure.ObservabilityTracingProperties;
import io.observability.spring.web.autoconfigure.WebObservabilityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link PropertyBounds} and the starter's numeric properties at their
 * extremes: each bad value fails start-up with a message naming the property.
 *
 * @author Observability Spring Boot contributors
 */
class PropertyBoundsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(AllProperties.class);

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			observability.health.timeout                               | 9999999999d | between 0 (exclusive) and 365d
			observability.health.timeout                               | 0s          | between 0 (exclusive) and 365d
			observability.health.timeout                               | -1ms        | between 0 (exclusive) and 365d
			observability.health.timeouts.db                           | 9999999999d | between 0 (exclusive) and 365d
			observability.health.cache-ttl                             | 9999999999d | between 0 and 365d
			observability.health.cache-ttl                             | -1ms        | between 0 and 365d
			observability.health.drain-delay                           | 366d        | between 0 and 365d
			observability.health.startup-allowance                     | 366d        | between 0 and 365d
			observability.health.startup-allowance                     | -1ms        | between 0 and 365d
			observability.profiling.interval                           | 9999999999d | between 0 (exclusive) and 365d
			observability.tracing.tail-sampling.max-buffer-time        | 9999999999d | between 0 (exclusive) and 365d
			observability.tracing.tail-sampling.max-buffer-time        | 0s          | between 0 (exclusive) and 365d
			observability.web.slow-request-threshold                   | 9999999999d | between 0 and 365d
			observability.web.slow-request-threshold                   | -1ms        | between 0 and 365d
			observability.operations.slow-threshold                    | 9999999999d | between 0 (exclusive) and 365d
			observability.operations.slow-threshold                    | 0ms         | between 0 (exclusive) and 365d
			observability.metrics.max-tag-values                       | 0           | between 1 and 2147483647
			observability.metrics.max-tag-keys                         | -1          | between 1 and 2147483647
			observability.metrics.max-series-per-meter                 | 0           | between 1 and 2147483647
			observability.metrics.max-tag-value-length                 | 15          | between 16 and 2147483647
			observability.logging.stack-trace.max-length               | 0           | between 1 and 2147483647
			observability.logging.stack-trace.max-depth-per-throwable  | 0           | between 1 and 2147483647
			""")
	void valueOutOfRangeFailsNamingThePropertyAndItsRange(String property, String value, String range) {
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure()))
				.anySatisfy((message) -> assertThat(message).startsWith(property + " must be " + range + ", was "));
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			observability.health.timeout                | 99999999999999999d
			observability.health.cache-ttl              | 9223372036854775808ms
			observability.profiling.max-samples         | 99999999999
			observability.metrics.max-series-per-meter  | 99999999999
			observability.metrics.max-tag-value-length  | 1e3
			""")
	void valueThatOverflowsItsTypeFailsNamingTheProperty(String property, String value) {
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure()))
				.anySatisfy((message) -> assertThat(message).contains("'" + property + "'"));
		});
	}

	@Test
	void absurdHealthTimeoutFailsApplicationStartNamingTheProperty() {
		SpringApplication application = new SpringApplication(StarterApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--observability.health.timeout=9999999999d"))
			.satisfies((ex) -> assertThat(messages(ex)).anySatisfy((message) -> assertThat(message)
				.startsWith("observability.health.timeout must be between 0 (exclusive) and 365d, was PT")));
	}

	@Test
	void valuesAtTheEdgesOfTheirRangesAreAccepted() {
		this.contextRunner
			.withPropertyValues("observability.health.timeout=365d", "observability.health.cache-ttl=0s",
					"observability.health.startup-allowance=365d", "observability.web.slow-request-threshold=0s",
					"observability.operations.slow-threshold=1ns", "observability.metrics.max-tag-value-length=16",
					"observability.metrics.max-series-per-meter=2147483647")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static List<String> messages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return messages;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ DependencyHealthProperties.class, WebObservabilityProperties.class,
			OperationsProperties.class, CardinalityGuardProperties.class, ObservabilityLoggingProperties.class,
			ProfilingProperties.class, ObservabilityTracingProperties.class })
	static class AllProperties {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class StarterApplication {

	}

}
