package io.observability.spring.logging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.observability.spring.test.ApplicationProcess;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the JSON console output of a real application, started with nothing but the
 * starter's auto-configuration in its own JVM: every line it writes to the console is
 * parsed as JSON.
 *
 * @author Observability Spring Boot contributors
 */
class JsonLoggingApplicationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private static final List<JsonNode> lines = new ArrayList<>();

	private static List<String> stdout = List.of();

	private static List<String> stderr = List.of();

	private static HttpResponse<String> response;

	private static HttpResponse<String> hostileResponse;

	private static final String HOSTILE_REQUEST_ID = "\"},{\"level\":\"ERROR\",\"message\":\"forged\\";

	@BeforeAll
	static void runApplication() throws Exception {
		// The standard OpenTelemetry variable, as a collector's deployment would set it
		ApplicationProcess application = ApplicationProcess.start(JsonLoggingTestApplication.class,
				Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlp.tracesEndpoint()), "--server.port=0",
				"--spring.application.name=checkout", "--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.schedule-delay=100ms",
				"--observability.logging.stack-trace.max-depth-per-throwable=5",
				"--logging.level.io.observability.spring.web.access=info");
		try (application) {
			int port = application.awaitPort();
			response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
					.header("X-Request-ID", "req-7f3a")
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			otlp.awaitSpan((span) -> span.name().equals("check.credentials"), Duration.ofSeconds(30));
			hostileResponse = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/no-such-page"))
					.header("X-Request-ID", HOSTILE_REQUEST_ID)
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			application.stop();
		}
		stdout = application.stdout();
		stderr = application.stderr();
		for (String line : stdout) {
			lines.add(json.readTree(line));
		}
	}

	@AfterAll
	static void stopReceiver() {
		otlp.close();
	}

	@Test
	void everyConsoleLineIsAJsonObjectWithTheExpectedFields() {
		assertThat(stdout).as("console output, stderr: %s", stderr).hasSizeGreaterThan(5);
		assertThat(lines).allSatisfy((line) -> {
			assertThat(line.isObject()).isTrue();
			assertThat(line.get("@timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");
			assertThat(line.get("level").asString()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
			assertThat(line.has("logger_name")).isTrue();
			assertThat(line.has("thread_name")).isTrue();
			assertThat(line.has("message")).isTrue();
			assertThat(line.get("service").asString()).isEqualTo("checkout");
			assertThat(line.has("@version")).isFalse();
			assertThat(line.has("level_value")).isFalse();
			assertThat(line.has("tags")).isFalse();
		});
	}

	@Test
	void linesInARequestCarryTheIdsOfItsSpansAndItsRequestId() {
		ReceivedSpan child = otlp.awaitSpan((span) -> span.name().equals("check.credentials"), Duration.ofSeconds(30));
		ReceivedSpan server = loginServerSpan();
		assertThat(child.isChildOf(server)).isTrue();
		List<JsonNode> requestLines = linesFrom("JsonLoggingTestApplication$LoginController");
		assertThat(requestLines).hasSize(3).allSatisfy((line) -> {
			assertThat(line.get("trace_id").asString()).isEqualTo(server.traceId());
			assertThat(line.get("span_id").asString()).isEqualTo(child.spanId());
			assertThat(line.get("request_id").asString())
				.isEqualTo(response.headers().firstValue("X-Request-ID").orElseThrow());
			assertThat(line.has("traceId")).isFalse();
			assertThat(line.has("spanId")).isFalse();
		});
	}

	@Test
	void accessLogLinesCarryTheRequestIdAndTheRequestsFacts() {
		List<JsonNode> accessLines = linesFrom("io.observability.spring.web.access");
		assertThat(accessLines).hasSize(2);
		assertThat(accessLines).anySatisfy((line) -> {
			assertThat(line.get("request_id").asString()).isEqualTo("req-7f3a");
			assertThat(line.get("method").asString()).isEqualTo("GET");
			assertThat(line.get("uri").asString()).isEqualTo("/login");
			assertThat(line.get("status").asInt()).isEqualTo(200);
			assertThat(line.get("duration_ms").isNumber()).isTrue();
			assertThat(line.has("trace_id")).isTrue();
		});
	}

	@Test
	void hostileRequestIdIsReplacedAndNeverReachesTheLogs() {
		String generated = hostileResponse.headers().firstValue("X-Request-ID").orElseThrow();
		assertThat(generated).isNotEqualTo(HOSTILE_REQUEST_ID).hasSize(36);
		assertThat(linesFrom("io.observability.spring.web.access")).anySatisfy((line) -> {
			assertThat(line.get("request_id").asString()).isEqualTo(generated);
			// The metric's uri of an unmatched path: the static resource pattern, never
			// the path
			assertThat(line.get("uri").asString()).isEqualTo("/**");
			assertThat(line.get("status").asInt()).isEqualTo(404);
		});
		assertThat(stdout).noneSatisfy((line) -> assertThat(line).contains("forged"));
		assertThat(lines).noneSatisfy((line) -> assertThat(line.get("level").asString()).isEqualTo("ERROR"));
	}

	@Test
	void linesOnAsyncThreadsCarryTheTraceId() {
		ReceivedSpan server = loginServerSpan();
		JsonNode requestLine = linesFrom("JsonLoggingTestApplication$LoginController").get(0);
		assertThat(linesFrom("JsonLoggingTestApplication$AuditLog")).singleElement().satisfies((line) -> {
			assertThat(line.get("message").asString()).isEqualTo("Failed login of alice");
			assertThat(line.get("thread_name").asString()).isNotEqualTo(requestLine.get("thread_name").asString());
			assertThat(line.get("trace_id").asString()).isEqualTo(server.traceId());
			assertThat(line.get("request_id").asString()).isEqualTo("req-7f3a");
		});
	}

	@Test
	void structuredArgumentsAreTypedFieldsAndSecretsAreMaskedEverywhere() {
		List<JsonNode> requestLines = linesFrom("JsonLoggingTestApplication$LoginController");
		JsonNode checking = requestLines.get(0);
		assertThat(checking.get("message").asString()).isEqualTo("Checking credentials password=****");
		assertThat(checking.get("password").asString()).isEqualTo("****");
		assertThat(checking.get("attempt").isInt()).isTrue();
		assertThat(checking.get("attempt").asInt()).isEqualTo(3);
		assertThat(checking.get("secret").asString()).isEqualTo("****");
		assertThat(checking.get("login_attempt").asString()).isEqualTo("user=alice password=****");
		assertThat(requestLines.get(1).get("message").asString()).isEqualTo("Login for alice with password=****");
		assertThat(String.join("\n", stdout)).doesNotContain("hunter2");
	}

	@Test
	void stackTraceIsShortenedWithTheRootCauseFirst() {
		JsonNode failure = linesFrom("JsonLoggingTestApplication$LoginController").get(2);
		assertThat(failure.get("level").asString()).isEqualTo("WARN");
		String stackTrace = failure.get("stack_trace").asString();
		assertThat(stackTrace).startsWith("java.io.IOException: Directory unreachable");
		assertThat(stackTrace.indexOf("java.io.IOException")).isLessThan(stackTrace.indexOf("IllegalStateException"));
		assertThat(stackTrace).contains("frames truncated");
		assertThat(stackTrace.lines().filter((line) -> line.trim().startsWith("at "))).hasSizeLessThanOrEqualTo(15);
	}

	private static ReceivedSpan loginServerSpan() {
		ReceivedSpan child = otlp.awaitSpan((span) -> span.name().equals("check.credentials"), Duration.ofSeconds(30));
		return otlp.awaitSpan((span) -> span.kind().equals("SERVER") && child.isChildOf(span), Duration.ofSeconds(30));
	}

	private static List<JsonNode> linesFrom(String loggerSuffix) {
		return lines.stream().filter((line) -> line.get("logger_name").asString().endsWith(loggerSuffix)).toList();
	}

}
