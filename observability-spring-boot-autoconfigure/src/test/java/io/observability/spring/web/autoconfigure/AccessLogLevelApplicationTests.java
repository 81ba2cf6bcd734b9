package io.observability.spring.web.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.observability.spring.test.ApplicationProcess;
import io.observability.spring.web.internal.AccessLogObservationHandler;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the access log's level in a real application, started in its own JVM so that
 * Spring Boot's logging system reads the starter's default level as it does in
 * production: its JSON console output is parsed.
 *
 * @author Observability Spring Boot contributors
 */
class AccessLogLevelApplicationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void byDefaultOnlySlowAndFailedRequestsAreLoggedAtWarn() throws Exception {
		List<JsonNode> lines = accessLines();
		assertThat(lines).noneSatisfy((line) -> assertThat(line.get("level").asString()).isEqualTo("INFO"));
		assertThat(linesOf(lines, "fast-1")).isEmpty();
		assertThat(linesOf(lines, "not-found-1")).isEmpty();
		assertThat(linesOf(lines, "failed-1")).singleElement().satisfies((line) -> {
			assertThat(line.get("level").asString()).isEqualTo("WARN");
			assertThat(line.get("status").asInt()).isEqualTo(500);
			assertThat(line.get("message").asString()).startsWith("Failed request GET /test/boom 500 in ");
		});
		assertThat(linesOf(lines, "slow-1")).singleElement().satisfies((line) -> {
			assertThat(line.get("level").asString()).isEqualTo("WARN");
			assertThat(line.get("message").asString()).startsWith("Slow request GET /test/slow 200 in ");
		});
	}

	@Test
	void infoLevelLogsEveryRequest() throws Exception {
		List<JsonNode> lines = accessLines("--logging.level.io.observability.spring.web.access=info");
		assertThat(linesOf(lines, "fast-1")).singleElement().satisfies((line) -> {
			assertThat(line.get("level").asString()).isEqualTo("INFO");
			assertThat(line.get("message").asString()).startsWith("GET /test/orders/{id} 200 in ");
		});
		assertThat(linesOf(lines, "not-found-1")).singleElement()
			.satisfies((line) -> assertThat(line.get("level").asString()).isEqualTo("INFO"));
		assertThat(linesOf(lines, "failed-1")).singleElement()
			.satisfies((line) -> assertThat(line.get("level").asString()).isEqualTo("WARN"));
		assertThat(linesOf(lines, "slow-1")).singleElement()
			.satisfies((line) -> assertThat(line.get("level").asString()).isEqualTo("WARN"));
	}

	private List<JsonNode> accessLines(String... arguments) throws Exception {
		List<String> allArguments = new ArrayList<>(
				List.of("--server.port=0", "--observability.web.slow-request-threshold=1s"));
		allArguments.addAll(List.of(arguments));
		ApplicationProcess application = ApplicationProcess.start(WebObservabilityTestApplication.class,
				allArguments.toArray(String[]::new));
		try (application) {
			int port = application.awaitPort();
			// The first request initialises the dispatcher, which can take a second on a
			// busy machine: not the fast request under test
			get(port, "/test/orders/0", "warm-up");
			assertThat(get(port, "/test/orders/1", "fast-1")).isEqualTo(200);
			assertThat(get(port, "/test/no-such-order/1", "not-found-1")).isEqualTo(404);
			assertThat(get(port, "/test/boom", "failed-1")).isEqualTo(500);
			assertThat(get(port, "/test/slow?millis=1100", "slow-1")).isEqualTo(200);
			application.stop();
		}
		List<JsonNode> lines = new ArrayList<>();
		for (String line : application.stdout()) {
			JsonNode parsed = json.readTree(line);
			if (AccessLogObservationHandler.ACCESS_LOGGER_NAME.equals(parsed.get("logger_name").asString())) {
				lines.add(parsed);
			}
		}
		return lines;
	}

	private int get(int port, String path, String requestId) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("X-Request-ID", requestId)
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static List<JsonNode> linesOf(List<JsonNode> lines, String requestId) {
		return lines.stream()
			.filter((line) -> line.has("request_id") && requestId.equals(line.get("request_id").asString()))
			.toList();
	}

}
