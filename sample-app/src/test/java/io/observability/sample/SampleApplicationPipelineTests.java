package io.observability.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.observability.sample.erp.ErpProperties;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.PrometheusScrape;
import io.observability.spring.test.ReceivedSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of the order-intake pipeline over real HTTP, in the default profile:
 * from an inbound message to the ERP stub, with the spans at a real OTLP receiver, the
 * request ID and trace context at the stub, and the outcomes in a parsed Prometheus
 * scrape.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.erp.stub.failure-rate=0", "sample.erp.stub.timeout-rate=0",
				"sample.erp.stub.latency=0ms",
				// A first call, which opens the connection, can take seconds under load
				"sample.erp.read-timeout=5s" })
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationPipelineTests {

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Autowired
	private ErpProperties erp;

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", otlp::tracesEndpoint);
	}

	@AfterAll
	static void stopReceiver() {
		otlp.close();
	}

	@Test
	void messageGoesThroughToTheErpWithOneTracePerRequest(CapturedOutput output) {
		Http http = new Http(this.port);
		String intakeId = "intake-" + UUID.randomUUID();
		var accepted = http.postJson("/api/inbound-messages", message("EMAIL",
				"Hello,\\nplease send\\n" + "10 x M8 bolts\\n200 pcs M8 nuts\\n5 boxes of wood screws 4x40\\nRegards"),
				intakeId);
		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(JsonPath.<String>read(accepted.body(), "$.status")).isEqualTo("RECEIVED");
		String messageId = JsonPath.read(accepted.body(), "$.id");
		var processed = http.awaitProcessed(messageId);
		assertThat(JsonPath.<String>read(processed.body(), "$.status")).isEqualTo("DRAFTED");
		String orderId = JsonPath.read(processed.body(), "$.orderId");
		var draft = http.get("/api/orders/" + orderId);
		assertThat(draft.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<List<String>>read(draft.body(), "$.lines[*].sku")).containsExactly("M8-BOLT", "M8-NUT",
				"WOOD-SCREW-4X40");
		assertThat(JsonPath.<String>read(draft.body(), "$.status")).isEqualTo("DRAFT");

		String approveId = "approve-" + UUID.randomUUID();
		var approved = http.post("/api/orders/" + orderId + "/approve", approveId);
		assertThat(approved.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(approved.body(), "$.status")).isEqualTo("PUSHED");
		assertThat(JsonPath.<String>read(approved.body(), "$.erpReference")).startsWith("ERP-");
		assertThat(http.post("/api/orders/" + orderId + "/approve", approveId).statusCode()).isEqualTo(409);

		this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
		// Intake: the request, then the steps on the executor thread, in the same trace
		ReceivedSpan intake = otlp.awaitSpan(
				(span) -> span.kind().equals("SERVER") && intakeId.equals(span.attributes().get("request.id")), WAIT);
		for (String step : List.of("receive inbound message", "extract document", "match product", "draft order")) {
			ReceivedSpan span = otlp.awaitSpan((candidate) -> candidate.name().equals(step)
					&& messageId.equals(candidate.attributes().get("document_id")), WAIT);
			assertThat(span.traceId()).as(step).isEqualTo(intake.traceId());
			assertThat(span.attributes()).as(step).containsEntry("source", "EMAIL");
			assertThat(span.error()).as(step).isFalse();
		}
		// Approval: request > approve > push > HTTP client > ERP stub request
		ReceivedSpan approval = otlp
			.awaitSpan((span) -> span.kind().equals("SERVER") && approveId.equals(span.attributes().get("request.id"))
					&& "200".equals(span.attributes().get("status")), WAIT);
		ReceivedSpan approve = otlp.awaitSpan((span) -> span.name().equals("approve order")
				&& orderId.equals(span.attributes().get("order_id")) && !span.error(), WAIT);
		ReceivedSpan push = otlp.awaitSpan(
				(span) -> span.name().equals("push order to ERP") && orderId.equals(span.attributes().get("order_id")),
				WAIT);
		ReceivedSpan client = otlp.awaitSpan((span) -> span.kind().equals("CLIENT") && span.isChildOf(push), WAIT);
		ReceivedSpan stub = otlp.awaitSpan((span) -> span.kind().equals("SERVER") && span.isChildOf(client), WAIT);
		assertThat(approve.isChildOf(approval)).isTrue();
		assertThat(push.attributes()).containsEntry("document_id", messageId).containsEntry("source", "EMAIL");
		assertThat(stub.attributes()).containsEntry("uri", "/erp-stub/orders").containsEntry("request.id", approveId);

		// The stub logged the request ID and the traceparent it received
		JsonNode received = logLines(output).stream()
			.filter((line) -> line.get("message").asString().startsWith("ERP stub received order " + orderId))
			.findFirst()
			.orElseThrow();
		assertThat(received.get("request_id").asString()).isEqualTo(approveId);
		assertThat(received.get("received_traceparent").asString()).contains(approval.traceId());
		// Every log line of a step carries the document ID and the request's IDs, also on
		// the executor's thread
		JsonNode extracted = logLines(output).stream()
			.filter((line) -> line.get("message").asString().equals("Extracted 3 order lines")
					&& line.has("document_id") && line.get("document_id").asString().equals(messageId))
			.findFirst()
			.orElseThrow();
		assertThat(extracted.get("request_id").asString()).isEqualTo(intakeId);
		assertThat(extracted.get("trace_id").asString()).isEqualTo(intake.traceId());
		assertThat(extracted.get("thread_name").asString()).doesNotStartWith("http-");
	}

	@Test
	void failuresAreCountedByOutcomeAndConfidenceIsRecorded() {
		Http http = new Http(this.port);
		String unreadable = http.postJson("/api/inbound-messages", message("EMAIL", "%PDF-1.7 binary scan")).body();
		assertThat(JsonPath.<String>read(http.awaitProcessed(JsonPath.read(unreadable, "$.id")).body(), "$.status"))
			.isEqualTo("UNREADABLE");
		String unmatched = http.postJson("/api/inbound-messages", message("API", "3 x flux capacitor")).body();
		var unmatchedMessage = http.awaitProcessed(JsonPath.read(unmatched, "$.id"));
		assertThat(JsonPath.<String>read(unmatchedMessage.body(), "$.status")).isEqualTo("UNMATCHED");
		assertThat(JsonPath.<String>read(unmatchedMessage.body(), "$.failureReason")).contains("flux capacitor");
		String edi = "UNH+1+ORDERS:D:96A:UN'BGM+220+PO-7'LIN+1++M10-BOLT:SA'QTY+21:50'UNT+4+1'";
		String drafted = http.postJson("/api/inbound-messages", message("EDI", edi)).body();
		String orderId = JsonPath.read(http.awaitProcessed(JsonPath.read(drafted, "$.id")).body(), "$.orderId");

		ErpProperties.Stub stub = this.erp.getStub();
		try {
			stub.setFailureRate(1);
			var failed = http.post("/api/orders/" + orderId + "/approve", "erp-down");
			assertThat(failed.statusCode()).isEqualTo(502);
			assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			stub.setFailureRate(0);
			stub.setTimeoutRate(1);
			assertThat(http.post("/api/orders/" + orderId + "/approve", "erp-slow").statusCode()).isEqualTo(504);
		}
		finally {
			stub.setFailureRate(0);
			stub.setTimeoutRate(0);
		}
		var order = http.get("/api/orders/" + orderId);
		assertThat(JsonPath.<String>read(order.body(), "$.status")).isEqualTo("PUSH_FAILED");
		assertThat(http.post("/api/orders/" + orderId + "/approve", "erp-back").statusCode()).isEqualTo(200);

		PrometheusScrape scrape = PrometheusScrape.parse(http.get("/actuator/prometheus", "text/plain").body());
		assertFailure(scrape, "documents_extract_seconds_count", "documents.extract", "UnreadableDocumentException");
		assertFailure(scrape, "products_match_seconds_count", "products.match", "UnmatchedProductException");
		assertFailure(scrape, "erp_orders_push_seconds_count", "erp.orders.push", "ErpException");
		assertFailure(scrape, "erp_orders_push_seconds_count", "erp.orders.push", "ErpTimeoutException");
		assertFailure(scrape, "orders_approve_seconds_count", "orders.approve", "ErpTimeoutException");
		assertThat(scrape.samples("erp_orders_push_seconds_count"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("outcome", "success"));
		assertThat(scrape.samples("orders_draft_seconds_bucket")).isNotEmpty();
		assertThat(scrape.samples("products_match_confidence_count"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("source", "EDI")
				.containsEntry("application", "order-intake"));
		assertThat(scrape.samples("products_match_confidence_bucket"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("le", "1.0"));
		assertThat(scrape.samples("http_client_requests_seconds_count"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("uri", "/erp-stub/orders")
				.containsEntry("status", "503"));
		assertThat(scrape.samples()).noneSatisfy((sample) -> assertThat(sample.labels()).containsKey("document_id"));
	}

	@Test
	void rejectsInvalidMessagesAndUnknownIdsWithProblemDetails() {
		Http http = new Http(this.port);
		for (String invalid : List.of("{\"source\":\"EMAIL\",\"customer\":\"ACME\"}",
				"{\"source\":\"FAX\",\"customer\":\"ACME\",\"content\":\"1 x M8 nut\"}",
				"{\"source\":\"API\",\"customer\":\" \",\"content\":\"1 x M8 nut\"}", "{not json")) {
			var response = http.postJson("/api/inbound-messages", invalid);
			assertThat(response.statusCode()).as(invalid).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).as(invalid).hasValue("application/problem+json");
			assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(400);
		}
		for (HttpResponse<String> response : List.of(http.get("/api/orders/unknown"),
				http.post("/api/orders/unknown/approve", "approve-unknown"),
				http.get("/api/inbound-messages/unknown"))) {
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

	private static void assertFailure(PrometheusScrape scrape, String series, String operation, String exception) {
		assertThat(scrape.samples(series)).as(series + " " + exception)
			.filteredOn((sample) -> sample.hasLabel("outcome", "failure") && sample.hasLabel("exception", exception))
			.singleElement()
			.satisfies((sample) -> {
				assertThat(sample.labels()).containsEntry("operation", operation);
				assertThat(sample.value()).isGreaterThanOrEqualTo(1);
			});
	}

	private static String message(String source, String content) {
		return "{\"source\":\"" + source + "\",\"customer\":\"ACME\",\"content\":\"" + content + "\"}";
	}

	private static List<JsonNode> logLines(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.startsWith("{")).map(json::readTree).toList();
	}

}
