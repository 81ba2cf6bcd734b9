package io.observability.spring.profiling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.profiling.ProfilingTestApplication;
import io.observability.spring.profiling.internal.HotFramesObservationFilter;
import io.observability.spring.test.ApplicationProcess;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.ReceivedSpan;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the profiling of slow calls as an operator sees it: an application started in
 * its own JVM serves a request whose {@code @Observed} product matching burns CPU past
 * its slow threshold, and the burning method is named in the WARN lines of its JSON
 * console output, next to the request's trace and request IDs, and on the span exported
 * to an OTLP receiver; a fast request's lines carry no hot frames.
 *
 * @author Observability Spring Boot contributors
 */
class SlowCallProfilingApplicationTests {

	private static final String BURNING_METHOD = "com.example.profiling.CpuWork.scoreProducts";

	private static final String OPERATION_LOGGER = "io.observability.spring.operation";

	private static final String ACCESS_LOGGER = "io.observability.spring.web.access";

	private static final String SLOW_REQUEST_ID = "req-slow-match";

	private static final String FAST_REQUEST_ID = "req-fast-match";

	// As Elasticsearch parses documents: a repeated key is an error
	private static final JsonMapper json = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private static final List<JsonNode> lines = new ArrayList<>();

	private static ReceivedSpan operationSpan;

	private static ReceivedSpan serverSpan;

	@BeforeAll
	static void runApplication() throws Exception {
		String threshold = ProfilingTestApplication.THRESHOLD.toMillis() + "ms";
		ApplicationProcess application = ApplicationProcess.start(ProfilingTestApplication.class, Map.of(),
				"--server.port=0", "--spring.application.name=profiling-test",
				"--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + otlp.tracesEndpoint(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms",
				"--observability.web.slow-request-threshold=" + threshold,
				"--observability.operations.slow-threshold=" + threshold, "--observability.profiling.interval=5ms",
				"--logging.level.io.observability.spring.web.access=info");
		try {
			int port = application.awaitPort();
			// The first request initialises the dispatcher, which can take seconds on a
			// busy machine: not the fast request under test
			assertThat(get(port, "/fast", "req-warm-up").statusCode()).isEqualTo(200);
			assertThat(get(port, "/match", SLOW_REQUEST_ID).statusCode()).isEqualTo(200);
			operationSpan = otlp.awaitSpan((span) -> span.name().equals("match products"), Duration.ofSeconds(30));
			serverSpan = otlp.awaitSpan(
					(span) -> span.kind().equals("SERVER") && span.traceId().equals(operationSpan.traceId()),
					Duration.ofSeconds(30));
			assertThat(get(port, "/fast", FAST_REQUEST_ID).statusCode()).isEqualTo(200);
		}
		finally {
			application.close();
		}
		for (String line : application.stdout()) {
			lines.add(json.readTree(line));
		}
		assertThat(lines).as("console output, stderr: %s", application.stderr()).isNotEmpty();
	}

	@AfterAll
	static void stopReceiver() {
		otlp.close();
	}

	@Test
	void slowOperationsWarnLineNamesTheBurningMethodWithTheIdsOfItsRequestAndSpan() {
		assertThat(linesOf(SLOW_REQUEST_ID, OPERATION_LOGGER)).singleElement().satisfies((line) -> {
			assertThat(line.get("level").asString()).isEqualTo("WARN");
			assertThat(line.get("operation").asString()).isEqualTo("products.match");
			assertThat(line.get("hot_frames").asString()).startsWith(BURNING_METHOD + " ").endsWith("%");
			assertThat(line.get("message").asString()).contains("hot_frames=" + BURNING_METHOD + " ");
			assertThat(line.get("trace_id").asString()).isEqualTo(operationSpan.traceId());
			assertThat(line.get("span_id").asString()).isEqualTo(operationSpan.spanId());
			// The line and the span read the same key value of the observation
			assertThat(line.get("hot_frames").asString())
				.isEqualTo(operationSpan.attributes().get(HotFramesObservationFilter.HOT_FRAMES));
		});
	}

	@Test
	void slowRequestsWarnLineNamesTheBurningMethodWithItsTraceAndRequestIds() {
		assertThat(linesOf(SLOW_REQUEST_ID, ACCESS_LOGGER)).singleElement().satisfies((line) -> {
			assertThat(line.get("level").asString()).isEqualTo("WARN");
			assertThat(line.get("uri").asString()).isEqualTo("/match");
			assertThat(line.get("hot_frames").asString()).contains(BURNING_METHOD + " ");
			assertThat(line.get("trace_id").asString()).isEqualTo(serverSpan.traceId());
			assertThat(line.get("span_id").asString()).isEqualTo(serverSpan.spanId());
			assertThat(line.get("hot_frames").asString())
				.isEqualTo(serverSpan.attributes().get(HotFramesObservationFilter.HOT_FRAMES));
		});
	}

	@Test
	void exportedSpansNameTheBurningMethod() {
		assertThat(operationSpan.attributes().get(HotFramesObservationFilter.HOT_FRAMES))
			.startsWith(BURNING_METHOD + " ");
		assertThat(serverSpan.attributes().get(HotFramesObservationFilter.HOT_FRAMES)).contains(BURNING_METHOD + " ");
	}

	@Test
	void fastRequestsLinesCarryNoHotFrames() {
		List<JsonNode> fastLines = lines.stream()
			.filter((line) -> FAST_REQUEST_ID.equals(text(line, "request_id")))
			.toList();
		assertThat(fastLines).anySatisfy((line) -> {
			assertThat(line.get("logger_name").asString()).isEqualTo(ACCESS_LOGGER);
			assertThat(line.get("uri").asString()).isEqualTo("/fast");
			assertThat(line.has("trace_id")).isTrue();
		});
		assertThat(fastLines).allSatisfy((line) -> {
			assertThat(line.has("hot_frames")).isFalse();
			assertThat(line.toString()).doesNotContain(BURNING_METHOD);
		});
	}

	private static List<JsonNode> linesOf(String requestId, String logger) {
		return lines.stream()
			.filter((line) -> requestId.equals(text(line, "request_id")) && logger.equals(text(line, "logger_name")))
			.toList();
	}

	private static @Nullable String text(JsonNode line, String field) {
		JsonNode value = line.get(field);
		return (value != null) ? value.asString() : null;
	}

	private static HttpResponse<String> get(int port, String path, String requestId) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("X-Request-ID", requestId)
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
