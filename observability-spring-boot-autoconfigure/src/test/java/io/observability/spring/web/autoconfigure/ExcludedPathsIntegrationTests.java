package io.observability.spring.web.autoconfigure;

import java.util.List;

import io.observability.spring.test.OtlpHttpReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Integration tests for keeping probe and scrape traffic out of observations with the
 * actuator at its default base path and Spring Boot's additional probe paths.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(classes = WebObservabilityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=probes-test", "management.tracing.sampling.probability=1.0",
				// The observed request's INFO line shows that excluded ones have none
				"logging.level.io.observability.spring.web.access=info",
				"management.endpoint.health.probes.add-additional-paths=true" })
class ExcludedPathsIntegrationTests extends ExcludedPathsIntegrationTestSupport {

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	@DynamicPropertySource
	static void otlpEndpoint(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", otlp::tracesEndpoint);
	}

	@AfterAll
	static void stopReceiver() {
		otlp.close();
	}

	@Override
	OtlpHttpReceiver otlp() {
		return otlp;
	}

	@Test
	void probeAndScrapeTrafficIsNeverObserved() throws Exception {
		assertNeverObserved("/actuator",
				List.of("/livez", "/readyz", "/%61ctuator/health", "/actuator/health", "/actuator;v=1/health",
						"/%6C%69vez", "/actuator/health/readiness"),
				List.of("//actuator//health", "/test/../actuator/health", "/./actuator/health", "/readyz/"));
	}

}
