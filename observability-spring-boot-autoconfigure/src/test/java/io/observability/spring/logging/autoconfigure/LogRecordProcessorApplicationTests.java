package io.observability.spring.logging.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogRecordProcessorAutoConfiguration} in a running application with
 * every auto-configuration on the classpath: the live threads of OpenTelemetry's batch
 * log record processor.
 *
 * @author Observability Spring Boot contributors
 */
class LogRecordProcessorApplicationTests {

	@AfterAll
	static void clearStructuredFormatSystemProperty() {
		// Spring Boot keeps the console format of the JVM's first application as a system
		// property
		System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
	}

	@Test
	void applicationWithoutLogExporterRunsNoBatchProcessorThread() {
		Set<Thread> before = LogRecordProcessorAutoConfigurationTests.batchProcessorThreads();
		try (ConfigurableApplicationContext context = run()) {
			assertThat(LogRecordProcessorAutoConfigurationTests.newBatchProcessorThreads(before)).isEmpty();
		}
	}

	@Test
	void applicationWithOtlpLogExportRunsOneBatchProcessorThread() {
		Set<Thread> before = LogRecordProcessorAutoConfigurationTests.batchProcessorThreads();
		try (ConfigurableApplicationContext context = run(
				"--management.opentelemetry.logging.export.otlp.endpoint=http://127.0.0.1:4318/v1/logs")) {
			assertThat(LogRecordProcessorAutoConfigurationTests.newBatchProcessorThreads(before)).hasSize(1);
		}
	}

	@Test
	void applicationWithStarterDisabledRunsBootsBatchProcessorThread() {
		Set<Thread> before = LogRecordProcessorAutoConfigurationTests.batchProcessorThreads();
		try (ConfigurableApplicationContext context = run("--observability.enabled=false")) {
			assertThat(LogRecordProcessorAutoConfigurationTests.newBatchProcessorThreads(before)).hasSize(1);
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		List<String> arguments = new ArrayList<>(List.of("--spring.application.name=orders",
				"--logging.level.root=WARN", "--management.tracing.sampling.probability=1.0"));
		arguments.addAll(List.of(args));
		return new SpringApplicationBuilder(LogRecordApplication.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class LogRecordApplication {

	}

}
