package io.observability.spring.tracing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.observability.spring.test.HangingTcpServer;
import io.observability.spring.test.PrometheusScrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of trace export to a collector that accepts connections and never answers,
 * against the same application with export disabled, in the same run: requests must not
 * get slower, and the spans that cannot be exported must be dropped and counted.
 *
 * @author Observability Spring Boot contributors
 */
class TraceExportToHangingCollectorTests {

	private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";

	private final HttpClient http = HttpClient.newHttpClient();

	@AfterAll
	static void clearStructuredFormatSystemProperty() {
		// Spring Boot keeps the console format of the JVM's first application as a system
		// property
		System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
	}

	@Test
	void hangingCollectorNeitherSlowsRequestsNorKeepsSpans() {
		try (HangingTcpServer collector = HangingTcpServer.start();
				ConfigurableApplicationContext hanging = run(
						"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + collector.port()
								+ "/v1/traces",
						"--management.opentelemetry.tracing.export.otlp.timeout=1s",
						"--management.opentelemetry.tracing.export.timeout=1s",
						"--management.opentelemetry.tracing.export.max-queue-size=32",
						"--management.opentelemetry.tracing.export.schedule-delay=50ms");
				ConfigurableApplicationContext disabled = run("--observability.tracing.exemplars.enabled=false")) {
			int hangingPort = port(hanging);
			int disabledPort = port(disabled);
			for (int i = 0; i < 100; i++) {
				get(hangingPort, "/work");
				get(disabledPort, "/work");
			}
			List<Long> withHangingCollector = new ArrayList<>();
			List<Long> withoutExport = new ArrayList<>();
			double droppedBefore = dropped(hanging);
			for (int i = 0; i < 300; i++) {
				withHangingCollector.add(timed(hangingPort));
				withoutExport.add(timed(disabledPort));
			}
			assertThat(collector.acceptedConnections()).isPositive();
			long hangingMedian = median(withHangingCollector);
			long disabledMedian = median(withoutExport);
			assertThat(hangingMedian).as("median request time in µs, export disabled: %d", disabledMedian)
				.isLessThanOrEqualTo(Math.max(2 * disabledMedian, disabledMedian + 5_000));
			assertThat(droppedBefore).isPositive();
			assertThat(dropped(hanging)).isGreaterThan(droppedBefore);
			assertThat(queued(hanging)).isLessThanOrEqualTo(32);
			PrometheusScrape scrape = PrometheusScrape.parse(get(hangingPort, "/actuator/prometheus").body());
			assertThat(scrape.samples("tracing_spans_dropped_total")).singleElement()
				.satisfies((sample) -> assertThat(sample.value()).isGreaterThan(droppedBefore));
		}
	}

	@Test
	void exemplarsFollowTheSwitch() {
		try (ConfigurableApplicationContext withExemplars = run();
				ConfigurableApplicationContext withoutExemplars = run(
						"--observability.tracing.exemplars.enabled=false")) {
			get(port(withExemplars), "/work");
			get(port(withoutExemplars), "/work");
			assertThat(openMetricsLines(withExemplars, "http_server_requests_seconds_bucket"))
				.anySatisfy((line) -> assertThat(line).contains("# {").contains("trace_id="));
			assertThat(openMetricsLines(withoutExemplars, "http_server_requests_seconds_bucket")).isNotEmpty()
				.allSatisfy((line) -> assertThat(line).doesNotContain("trace_id="));
		}
	}

	private List<String> openMetricsLines(ConfigurableApplicationContext context, String name) {
		HttpResponse<String> scrape = send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(context) + "/actuator/prometheus"))
					.header("Accept", OPENMETRICS)
					.build());
		assertThat(scrape.statusCode()).isEqualTo(200);
		return scrape.body().lines().filter((line) -> line.startsWith(name)).toList();
	}

	private static double dropped(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("tracing.spans.dropped").functionCounter().count();
	}

	private static double queued(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("tracing.spans.queued").gauge().value();
	}

	private long timed(int port) {
		long start = System.nanoTime();
		assertThat(get(port, "/work").statusCode()).isEqualTo(200);
		return (System.nanoTime() - start) / 1000;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	private HttpResponse<String> get(int port, String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static ConfigurableApplicationContext run(String... args) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.application.name=orders",
				"--management.tracing.sampling.probability=1.0", "--logging.level.root=WARN"));
		arguments.addAll(List.of(args));
		return new SpringApplicationBuilder(WorkApplication.class).run(arguments.toArray(String[]::new));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WorkController.class)
	static class WorkApplication {

	}

	@RestController
	static class WorkController {

		private final ObservationRegistry observationRegistry;

		WorkController(ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
		}

		@GetMapping("/work")
		String work() {
			return Observation.createNotStarted("work.step", this.observationRegistry).observe(() -> "done");
		}

	}

}
