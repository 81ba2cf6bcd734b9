package io.observability.spring.operation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.example.observed.ObservedTestApplication;
import io.observability.spring.test.ApplicationProcess;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.PrometheusScrape;
import io.observability.spring.test.ReceivedSpan;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of a new user's application, {@link ObservedTestApplication}, that
 * writes nothing but {@code @Observed} and {@code @ObservationKeyValue}: started with the
 * starter in its own JVM on a real port, called over HTTP once successfully and once
 * failing for each of its operations (on a class and on an interface, synchronous and
 * {@code CompletionStage}), and asserted on its Prometheus scrape, the spans an OTLP
 * receiver got and its JSON console output.
 *
 * @author Observability Spring Boot contributors
 */
class ObservedApplicationTests {

	// As Elasticsearch parses documents: a repeated key is an error
	private static final JsonMapper strict = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private static final List<JsonNode> lines = new ArrayList<>();

	/** Request ID the application answered each failed call with, by operation. */
	private static final Map<Operation, String> failedRequestIds = new ConcurrentHashMap<>();

	private static List<String> stdout = List.of();

	private static List<String> stderr = List.of();

	private static PrometheusScrape scrape;

	@BeforeAll
	static void runApplication() throws Exception {
		// Successful calls are never slow: only failures are logged, whatever the load
		ApplicationProcess application = ApplicationProcess.start(ObservedTestApplication.class, "--server.port=0",
				"--spring.application.name=shop", "--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + otlp.tracesEndpoint(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms",
				"--management.otlp.metrics.export.enabled=false", "--observability.operations.slow-threshold=1h");
		try (application) {
			int port = application.awaitPort();
			HttpClient client = HttpClient.newHttpClient();
			for (Operation operation : Operation.values()) {
				assertThat(call(client, port, operation, operation.goodId()).statusCode()).isEqualTo(200);
				HttpResponse<String> failed = call(client, port, operation, operation.badId());
				assertThat(failed.statusCode()).isEqualTo(422);
				failedRequestIds.put(operation, failed.headers().firstValue("X-Request-ID").orElseThrow());
			}
			scrape = PrometheusScrape.parse(
					client
						.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
							.header("Accept", "text/plain")
							.timeout(Duration.ofSeconds(30))
							.build(), HttpResponse.BodyHandlers.ofString())
						.body());
			for (Operation operation : Operation.values()) {
				span(operation, operation.goodId());
				span(operation, operation.badId());
			}
			application.stop();
		}
		stdout = application.stdout();
		stderr = application.stderr();
		for (String line : stdout) {
			lines.add(strict.readTree(line));
		}
	}

	@AfterAll
	static void stopReceiver() {
		otlp.close();
	}

	@ParameterizedTest
	@EnumSource
	void timerHasOperationOutcomeExceptionAndLowCardinalityLabelsAndBuckets(Operation operation) {
		String timer = operation.operationName.replace('.', '_') + "_seconds";
		assertThat(scrape.samples(timer + "_bucket"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("operation", operation.operationName)
				.containsEntry("outcome", "success")
				.containsEntry("exception", "none")
				.containsEntry(operation.lowKey, operation.lowValue)
				.containsKey("le"));
		assertThat(scrape.samples(timer + "_count")).filteredOn((sample) -> sample.hasLabel("outcome", "failure"))
			.singleElement()
			.satisfies((sample) -> {
				assertThat(sample.labels()).containsEntry("operation", operation.operationName)
					.containsEntry("exception", "IllegalStateException")
					.containsEntry(operation.lowKey, operation.lowValue)
					.doesNotContainKey("error");
				assertThat(sample.value()).isEqualTo(1);
			});
		assertThat(scrape.samples())
			.noneSatisfy((sample) -> assertThat(sample.labels()).containsKey(operation.highKey));
	}

	@ParameterizedTest
	@EnumSource
	void spanCarriesTheKeyValuesAndTheErrorButNotTheTimersTags(Operation operation) {
		ReceivedSpan good = span(operation, operation.goodId());
		assertThat(good.attributes()).containsEntry(operation.lowKey, operation.lowValue).containsKey("method");
		assertThat(good.error()).isFalse();
		ReceivedSpan bad = span(operation, operation.badId());
		assertThat(bad.attributes()).containsEntry(operation.lowKey, operation.lowValue);
		assertThat(bad.error()).isTrue();
		// Derived once per timer by a meter filter, never copied to every span
		assertThat(bad.attributes()).doesNotContainKeys("operation", "outcome", "exception");
	}

	@ParameterizedTest
	@EnumSource
	void failedCallIsOneWarnLineWithTheCallsIdsAndHighCardinalityValue(Operation operation) {
		ReceivedSpan span = span(operation, operation.badId());
		List<JsonNode> operationLines = lines.stream()
			.filter((line) -> line.get("logger_name").asString().equals("io.observability.spring.operation"))
			.filter((line) -> operation.operationName.equals(text(line, "operation")))
			.toList();
		assertThat(operationLines).as("console output, stderr: %s", stderr).singleElement().satisfies((line) -> {
			assertThat(line.get("level").asString()).isEqualTo("WARN");
			assertThat(text(line, operation.highKey)).isEqualTo(operation.badId());
			assertThat(text(line, "outcome")).isEqualTo("failure");
			assertThat(text(line, "exception")).isEqualTo("IllegalStateException");
			assertThat(line.get("duration_ms").isNumber()).isTrue();
			assertThat(text(line, "trace_id")).isEqualTo(span.traceId());
			assertThat(text(line, "span_id")).isEqualTo(span.spanId());
			assertThat(text(line, "request_id")).isEqualTo(failedRequestIds.get(operation));
		});
	}

	private static @Nullable String text(JsonNode line, String field) {
		JsonNode value = line.get(field);
		return (value != null) ? value.asString() : null;
	}

	private static ReceivedSpan span(Operation operation, String id) {
		return otlp.awaitSpan((span) -> id.equals(span.attributes().get(operation.highKey)), Duration.ofSeconds(30));
	}

	private static HttpResponse<String> call(HttpClient client, int port, Operation operation, String id)
			throws IOException, InterruptedException {
		URI uri = URI.create("http://127.0.0.1:" + port + operation.path + "?" + operation.lowKey + "="
				+ operation.lowValue + "&" + operation.highParameter + "=" + id);
		return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	enum Operation {

		CLASS_SYNCHRONOUS("payment.charge", "/charge", "currency", "EUR", "customer_id", "customer"),

		CLASS_COMPLETION_STAGE("payment.charge.async", "/charge-async", "currency", "EUR", "customer_id", "customer"),

		INTERFACE_SYNCHRONOUS("shipping.quote", "/quote", "carrier", "ups", "order_id", "order"),

		INTERFACE_COMPLETION_STAGE("shipping.quote.async", "/quote-async", "carrier", "ups", "order_id", "order");

		private final String operationName;

		private final String path;

		private final String lowKey;

		private final String lowValue;

		private final String highKey;

		private final String highParameter;

		Operation(String operationName, String path, String lowKey, String lowValue, String highKey,
				String highParameter) {
			this.operationName = operationName;
			this.path = path;
			this.lowKey = lowKey;
			this.lowValue = lowValue;
			this.highKey = highKey;
			this.highParameter = highParameter;
		}

		String goodId() {
			return "ok-" + ordinal();
		}

		String badId() {
			return "bad-" + ordinal();
		}

	}

}
