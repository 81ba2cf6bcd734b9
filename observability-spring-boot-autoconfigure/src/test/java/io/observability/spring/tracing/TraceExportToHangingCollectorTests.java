package io.observability.spring.tracing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
import static org.awaitility.Awaitility.await;

/**
 * Tests of trace export to a collector that accepts connections and never answers:
 * requests must complete without a request thread ever waiting in the exporter, and the
 * spans that cannot be exported must be dropped and counted. How fast requests are then
 * is a benchmark's business, not a test's.
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
	void hangingCollectorNeitherBlocksRequestsNorKeepsSpans() {
		try (HangingTcpServer collector = HangingTcpServer.start();
				ConfigurableApplicationContext hanging = run(
						"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + collector.port()
								+ "/v1/traces",
						"--management.opentelemetry.tracing.export.otlp.timeout=1s",
						"--management.opentelemetry.tracing.export.timeout=1s",
						"--management.opentelemetry.tracing.export.max-queue-size=32",
						"--management.opentelemetry.tracing.export.schedule-delay=50ms")) {
			int port = port(hanging);
			List<String> exportingRequestThreads = new ArrayList<>();
			// The queue overflows only if spans come faster than an export per timeout
			// takes them: a loaded machine serves fewer requests a second, so send more
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
			for (int i = 0; i < 100 || (dropped(hanging) == 0 && System.nanoTime() - deadline < 0); i++) {
				get(port, "/work");
			}
			double droppedBefore = dropped(hanging);
			deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
			for (int i = 0; i < 300 || (dropped(hanging) <= droppedBefore && System.nanoTime() - deadline < 0); i++) {
				assertThat(get(port, "/work").statusCode()).isEqualTo(200);
				if (i % 10 == 0) {
					exportingRequestThreads.addAll(requestThreadsInExport());
				}
			}
			// the collector never answers: every request above completed while it hung
			assertThat(collector.acceptedConnections()).isPositive();
			assertThat(exportingRequestThreads).as("request threads seen inside the span exporter").isEmpty();
			// the check above looks at the right frames: the export itself is seen
			// waiting
			assertThat(threadsInExportWithin(Duration.ofSeconds(30))).isNotEmpty()
				.noneMatch((name) -> name.startsWith("http-nio-"));
			assertThat(droppedBefore).isPositive();
			assertThat(dropped(hanging)).isGreaterThan(droppedBefore);
			assertThat(queued(hanging)).isLessThanOrEqualTo(32);
			PrometheusScrape scrape = PrometheusScrape.parse(get(port, "/actuator/prometheus").body());
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
		// The timer of a request stops after its response is sent
		return await().atMost(Duration.ofSeconds(30)).until(() -> {
			HttpResponse<String> scrape = send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(context) + "/actuator/prometheus"))
						.header("Accept", OPENMETRICS)
						.build());
			assertThat(scrape.statusCode()).isEqualTo(200);
			return scrape.body().lines().filter((line) -> line.startsWith(name)).toList();
		}, (lines) -> lines.stream().anyMatch((line) -> line.contains("uri=\"/work\"")));
	}

	private static double dropped(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("tracing.spans.dropped").functionCounter().count();
	}

	private static double queued(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("tracing.spans.queued").gauge().value();
	}

	private static List<String> requestThreadsInExport() {
		return threadsInExport().stream().filter((name) -> name.startsWith("http-nio-")).toList();
	}

	// polls (the export waits for the collector's 1 s timeout over and over) rather than
	// racing one snapshot
	private static List<String> threadsInExportWithin(Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		List<String> found = threadsInExport();
		while (found.isEmpty() && System.nanoTime() - deadline < 0) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			found = threadsInExport();
		}
		return found;
	}

	// threads whose stack is in an OpenTelemetry exporter: only the batch processor's
	// export may wait for the collector, never a request thread
	private static List<String> threadsInExport() {
		List<String> found = new ArrayList<>();
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			if (Arrays.stream(stack)
				.anyMatch((frame) -> frame.getClassName().startsWith("io.opentelemetry.exporter."))) {
				found.add(thread.getName());
			}
		});
		return found;
	}

	private HttpResponse<String> get(int port, String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
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
