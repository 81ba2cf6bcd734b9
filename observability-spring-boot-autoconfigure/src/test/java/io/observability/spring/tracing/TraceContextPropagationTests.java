package io.observability.spring.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of W3C trace-context propagation in and out of an application with the starter,
 * with the spans received by an OTLP receiver.
 *
 * @author Observability Spring Boot contributors
 */
class TraceContextPropagationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	@AfterAll
	static void stopReceiver() {
		otlp.close();
		// Spring Boot keeps the console format of the JVM's first application as a system
		// property
		System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
	}

	@Test
	void incomingTraceparentIsContinuedAndPropagatedOnOutboundCalls() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PropagationApplication.class).run(
				"--server.port=0", "--spring.application.name=gateway", "--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + otlp.tracesEndpoint(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms",
				"--observability.tracing.deployment-environment=test")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/outbound"))
					.header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			String outgoing = response.body();
			assertThat(outgoing).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01");
			ReceivedSpan server = otlp.awaitSpan((span) -> span.kind().equals("SERVER")
					&& "/outbound".equals(span.attributes().get("uri")) && span.traceId().equals(TRACE_ID),
					Duration.ofSeconds(30));
			assertThat(server.parentSpanId()).isEqualTo(PARENT_SPAN_ID);
			assertThat(server.resourceAttributes()).containsEntry("service.name", "gateway")
				.containsEntry("deployment.environment", "test");
			ReceivedSpan client = otlp.awaitSpan(
					(span) -> span.kind().equals("CLIENT") && span.traceId().equals(TRACE_ID), Duration.ofSeconds(30));
			assertThat(client.isChildOf(server)).isTrue();
			assertThat(outgoing).contains(client.spanId());
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PropagationController.class)
	static class PropagationApplication {

	}

	@RestController
	static class PropagationController {

		private final RestClient.Builder restClientBuilder;

		private final Environment environment;

		PropagationController(RestClient.Builder restClientBuilder, Environment environment) {
			this.restClientBuilder = restClientBuilder;
			this.environment = environment;
		}

		@GetMapping("/outbound")
		String outbound() {
			String port = this.environment.getRequiredProperty("local.server.port");
			return this.restClientBuilder.build()
				.get()
				.uri("http://127.0.0.1:" + port + "/traceparent")
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/traceparent")
		String traceparent(@RequestHeader("traceparent") String traceparent) {
			return traceparent;
		}

	}

}
