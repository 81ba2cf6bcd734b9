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
 * Integration tests for keeping probe and scrape traffic out of observations with a
 * custom actuator base path, a context path and an additional health group path.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(classes = WebObservabilityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=probes-test", "management.tracing.sampling.probability=1.0",
				// The observed request's INFO line shows that excluded ones have none
				"logging.level.io.observability.spring.web.access=info",
				"management.endpoint.health.probes.add-additional-paths=true",
				"management.endpoints.web.base-path=/manage", "server.servlet.context-path=/shop",
				"management.endpoint.health.group.deep.include=ping",
				"management.endpoint.health.group.deep.additional-path=server:/deep" })
class ExcludedPathsCustomBasePathIntegrationTests extends ExcludedPathsIntegrationTestSupport {

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
		assertNeverObserved("/shop/manage",
				List.of("/shop/livez", "/shop/readyz", "/shop/%6Danage/health", "/shop/manage/health",
						"/shop/manage/health/liveness", "/shop/deep"),
				List.of("/shop//manage/health", "/shop/test/../manage/health", "/shop/manage/../livez"));
	}

}
