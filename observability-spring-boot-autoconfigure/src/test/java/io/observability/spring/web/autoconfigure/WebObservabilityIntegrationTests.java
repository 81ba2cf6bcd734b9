package io.observability.spring.web.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.jayway.jsonpath.JsonPath;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.PrometheusScrape;
import io.observability.spring.test.ReceivedSpan;
import io.observability.spring.web.RequestId;
import io.observability.spring.web.internal.AccessLogObservationHandler;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests for request correlation and timing on a running server, with real
 * HTTP clients, a real Prometheus scrape and a real OTLP receiver.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(classes = WebObservabilityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=web-test", "management.tracing.sampling.probability=1.0",
				"observability.web.slow-request-threshold=250ms", "observability.web.timing.trace-response-header=true",
				"server.max-http-request-header-size=32KB",
				// Every request's line, not only slow and failed ones
				"logging.level.io.observability.spring.web.access=info" })
class WebObservabilityIntegrationTests {

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

	private final HttpClient client = HttpClient.newHttpClient();

	private final ListAppender<ILoggingEvent> logEvents = new ListAppender<>();

	@LocalServerPort
	private int port;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@DynamicPropertySource
	static void otlpEndpoint(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", otlp::tracesEndpoint);
	}

	@AfterAll
	static void stopReceiver() {
		otlp.close();
	}

	@BeforeEach
	void captureLogs() {
		this.logEvents.start();
		rootLogger().addAppender(this.logEvents);
	}

	@AfterEach
	void stopCapturingLogs() {
		rootLogger().detachAppender(this.logEvents);
	}

	@Test
	void generatedRequestIdIsEchoedAndInTheMdcOfTheController() throws Exception {
		HttpResponse<String> response = get("/test/context");
		assertThat(response.statusCode()).isEqualTo(200);
		String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
		assertThat(requestId).matches(UUID_V7);
		assertThat(JsonPath.<String>read(response.body(), "$.mdc")).isEqualTo(requestId);
		assertThat(JsonPath.<String>read(response.body(), "$.current")).isEqualTo(requestId);
	}

	@Test
	void validIncomingRequestIdIsKept() throws Exception {
		HttpResponse<String> response = get("/test/context", "X-Request-ID", "client-42:retry@edge/1");
		assertThat(response.headers().firstValue("X-Request-ID")).hasValue("client-42:retry@edge/1");
		assertThat(JsonPath.<String>read(response.body(), "$.mdc")).isEqualTo("client-42:retry@edge/1");
	}

	@Test
	void correlationIdIsUsedWhenRequestIdIsMissing() throws Exception {
		HttpResponse<String> response = get("/test/context", "X-Correlation-ID", "corr-7");
		assertThat(response.headers().firstValue("X-Request-ID")).hasValue("corr-7");
	}

	@Test
	void requestIdFollowsWorkOntoAsyncThreads() throws Exception {
		HttpResponse<String> response = get("/test/async");
		String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
		assertThat(JsonPath.<String>read(response.body(), "$.mdc")).isEqualTo(requestId);
		assertThat(JsonPath.<String>read(response.body(), "$.thread")).startsWith("task-");
	}

	@Test
	void requestIdIsPropagatedToDownstreamServices() throws Exception {
		HttpResponse<String> response = get("/test/downstream", "X-Request-ID", "order-intake-1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(response.body(), "$.restClient['X-Request-ID']")).isEqualTo("order-intake-1");
		assertThat(JsonPath.<String>read(response.body(), "$.restTemplate['X-Request-ID']"))
			.isEqualTo("order-intake-1");
		assertThat(JsonPath.<String>read(response.body(), "$.webClient['X-Request-ID']")).isEqualTo("order-intake-1");
	}

	@Test
	void requestIdIsInTheMdcDuringErrorHandlingAndInTheErrorResponse() throws Exception {
		HttpResponse<String> response = get("/test/boom", "X-Request-ID", "failing-1");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("X-Request-ID")).hasValue("failing-1");
		assertThat(JsonPath.<String>read(response.body(), "$.mdc_request_id")).isEqualTo("failing-1");
		assertThat(accessLog("/test/boom")).satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).startsWith("Failed request GET /test/boom 500 in ");
			assertThat(keyValues(event)).containsEntry("status", 500);
			assertThat(event.getMDCPropertyMap()).containsEntry(RequestId.MDC_KEY, "failing-1");
		});
	}

	@Test
	void mdcIsClearedAfterTheRequest() throws Exception {
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = get("/test/context");
			assertThat(JsonPath.<String>read(response.body(), "$.mdc"))
				.isEqualTo(response.headers().firstValue("X-Request-ID").orElseThrow());
		}
		assertThat(mdcOnTestThread()).isNull();
	}

	@Test
	void accessLogHasTheUriTemplateStatusDurationAndIds() throws Exception {
		HttpResponse<String> response = get("/test/orders/order-7f3a", "X-Request-ID", "access-1");
		assertThat(response.statusCode()).isEqualTo(200);
		ILoggingEvent event = accessLog("/test/orders/{id}");
		assertThat(event.getLevel()).isEqualTo(Level.INFO);
		assertThat(keyValues(event)).containsEntry("method", "GET")
			.containsEntry("uri", "/test/orders/{id}")
			.containsEntry("status", 200)
			.containsKey("duration_ms");
		// An ID that no duration can contain
		assertThat(event.getFormattedMessage()).startsWith("GET /test/orders/{id} 200 in ")
			.doesNotContain("order-7f3a");
		assertThat(event.getMDCPropertyMap()).containsEntry(RequestId.MDC_KEY, "access-1")
			.containsKeys("traceId", "spanId");
	}

	@Test
	void unmatchedPathsAreNotLoggedRaw() throws Exception {
		assertThat(get("/no/such/path/secret-token").statusCode()).isEqualTo(404);
		ILoggingEvent event = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.logEvents.list.stream()
				.filter(this::isAccessLog)
				.filter((candidate) -> Integer.valueOf(404).equals(keyValues(candidate).get("status")))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		String uri = String.valueOf(keyValues(event).get("uri"));
		assertThat(event.getFormattedMessage())
			.endsWith("GET %s 404 in %s ms".formatted(uri, keyValues(event).get("duration_ms")))
			.doesNotContain("secret-token");
		// The access log's uri is the metric's
		List<PrometheusScrape.Sample> notFound = PrometheusScrape
			.parse(get("/actuator/prometheus", "Accept", "text/plain").body())
			.samples("http_server_requests_seconds_count")
			.stream()
			.filter((sample) -> sample.hasLabel("status", "404"))
			.toList();
		assertThat(notFound).isNotEmpty().allSatisfy((sample) -> assertThat(sample.labels()).containsEntry("uri", uri));
	}

	@Test
	void slowRequestsAreLoggedAtWarn() throws Exception {
		get("/test/slow?millis=300");
		ILoggingEvent event = accessLog("/test/slow");
		assertThat(event.getLevel()).isEqualTo(Level.WARN);
		assertThat(event.getFormattedMessage()).startsWith("Slow request GET /test/slow 200");
		assertThat((double) keyValues(event).get("duration_ms")).isGreaterThanOrEqualTo(300.0);
	}

	@Test
	void asyncRequestsAreLoggedWhenTheyComplete() throws Exception {
		HttpResponse<String> response = get("/test/deferred", "X-Request-ID", "deferred-1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(response.body(), "$.mdc")).isEqualTo("deferred-1");
		assertThat(accessLog("/test/deferred").getMDCPropertyMap()).containsEntry(RequestId.MDC_KEY, "deferred-1")
			.containsKeys("traceId", "spanId");
	}

	@Test
	void asyncResponsesTimeTheWholeWork() throws Exception {
		HttpResponse<String> response = get("/test/deferred-slow?millis=200");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Server-Timing"))
			.hasValueSatisfying((value) -> assertThat(Double.parseDouble(value.substring("app;dur=".length())))
				.isGreaterThanOrEqualTo(200.0));
	}

	@Test
	void responsesCarryServerTimingAndTraceResponse() throws Exception {
		HttpResponse<String> response = get("/test/slow?millis=50");
		assertThat(response.headers().firstValue("Server-Timing")).hasValueSatisfying((value) -> {
			assertThat(value).matches("app;dur=\\d+\\.\\d{3}");
			assertThat(Double.parseDouble(value.substring("app;dur=".length()))).isGreaterThanOrEqualTo(50.0);
		});
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValueSatisfying((value) -> assertThat(value).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
	}

	@Test
	void serverSpanCarriesTheRequestIdAndMatchesTraceResponse() throws Exception {
		HttpResponse<String> response = get("/test/orders/7", "X-Request-ID", "span-attribute-1");
		String traceResponse = response.headers().firstValue("traceresponse").orElseThrow();
		this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
		ReceivedSpan span = otlp.awaitSpan(
				(candidate) -> "span-attribute-1".equals(candidate.attributes().get("request.id")),
				Duration.ofSeconds(30));
		assertThat(span.kind()).isEqualTo("SERVER");
		assertThat(span.serviceName()).isEqualTo("web-test");
		assertThat(traceResponse).isEqualTo("00-" + span.traceId() + "-" + span.spanId() + "-01");
	}

	@Test
	void actuatorTrafficStaysOutOfMetricsTracesAndTheAccessLog() throws Exception {
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(get("/test/orders/1").statusCode()).isEqualTo(200);
		accessLog("/test/orders/{id}");
		// The timer is recorded when the observation stops, which the response may beat
		List<PrometheusScrape.Sample> requests = await().atMost(Duration.ofSeconds(30))
			.until(() -> PrometheusScrape.parse(get("/actuator/prometheus", "Accept", "text/plain").body())
				.samples("http_server_requests_seconds_count"),
					(samples) -> samples.stream()
						.anyMatch((sample) -> "/test/orders/{id}".equals(sample.labels().get("uri"))));
		assertThat(requests)
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("uri", "/test/orders/{id}")
				.containsEntry("application", "web-test"));
		assertThat(requests).noneSatisfy((sample) -> assertThat(sample.labels().get("uri")).startsWith("/actuator"));
		assertThat(this.logEvents.list).filteredOn(this::isAccessLog)
			.noneSatisfy((event) -> assertThat(String.valueOf(keyValues(event).get("uri"))).startsWith("/actuator"));
		this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
		assertThat(otlp.spans())
			.noneSatisfy((span) -> assertThat(String.valueOf(span.attributes().get("uri"))).startsWith("/actuator"));
	}

	static Stream<Arguments> hostileRequestIds() {
		return Stream.of(Arguments.of("10 000 characters", "X-Request-ID: " + "a".repeat(10_000) + "\r\n"),
				Arguments.of("non-ASCII", "X-Request-ID: caf\u00c3\u00a9-\u00e2\u0080\u0094\r\n"),
				Arguments.of("JSON breakers", "X-Request-ID: \"},{\"level\":\"ERROR\\\\\r\n"),
				Arguments.of("empty value", "X-Request-ID: \r\n"),
				Arguments.of("several invalid instances", "X-Request-ID: a b\r\nX-Request-ID: <x>\r\n"),
				Arguments.of("malformed traceparent", "traceparent: 00-not-a-trace-id-zz\r\n"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRequestIds")
	void hostileInputGetsAGeneratedIdAndLosesNothing(String description, String headers) throws IOException {
		RawResponse response = rawGet("/test/context", headers);
		assertThat(response.status()).isEqualTo(200);
		String requestId = response.header("X-Request-ID");
		assertThat(requestId).matches(UUID_V7);
		assertThat(JsonPath.<String>read(response.body(), "$.mdc")).isEqualTo(requestId);
		ILoggingEvent accessLog = accessLog("/test/context");
		assertThat(accessLog.getMDCPropertyMap()).containsEntry(RequestId.MDC_KEY, requestId);
		assertThat(this.logEvents.list).allSatisfy((event) -> {
			assertThat(event.getThrowableProxy()).as("exception logged: %s", event.getFormattedMessage()).isNull();
			assertThat(event.getLevel()).isNotEqualTo(Level.ERROR);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("controlCharacters")
	void controlCharactersAreRejectedByTheServerBeforeAnyFilter(String description, String headers) throws IOException {
		// Tomcat answers 400 to header values outside RFC 9110's field-vchar; the
		// filter's
		// handling of such values is covered by RequestIdFilterTests
		RawResponse response = rawGet("/test/context", headers);
		assertThat(response.status()).isEqualTo(400);
		assertThat(this.logEvents.list).filteredOn(this::isAccessLog).isEmpty();
	}

	static Stream<Arguments> controlCharacters() {
		return Stream.of(Arguments.of("control character", "X-Request-ID: abc\u0001def\r\n"),
				Arguments.of("bare CR", "X-Request-ID: abc\rINFO fake line\r\n"),
				Arguments.of("vertical tab", "X-Request-ID: x\u000bINFO fake line\r\n"));
	}

	@Test
	void firstValidInstanceOfSeveralIsUsed() throws IOException {
		RawResponse response = rawGet("/test/context",
				"X-Request-ID: not valid\r\nX-Request-ID: second-valid\r\nX-Correlation-ID: corr\r\n");
		assertThat(response.header("X-Request-ID")).isEqualTo("second-valid");
	}

	private ILoggingEvent accessLog(String uri) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.logEvents.list.stream()
				.filter(this::isAccessLog)
				.filter((event) -> uri.equals(keyValues(event).get("uri")))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	private boolean isAccessLog(ILoggingEvent event) {
		return AccessLogObservationHandler.ACCESS_LOGGER_NAME.equals(event.getLoggerName());
	}

	private static Map<String, Object> keyValues(ILoggingEvent event) {
		Map<String, Object> keyValues = new LinkedHashMap<>();
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs != null) {
			pairs.forEach((pair) -> keyValues.put(pair.key, pair.value));
		}
		return keyValues;
	}

	private static String mdcOnTestThread() {
		return MDC.get(RequestId.MDC_KEY);
	}

	private static Logger rootLogger() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Sends a request byte for byte, so that headers no HTTP client would send reach the
	 * server.
	 */
	private RawResponse rawGet(String path, String headers) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			in.transferTo(received);
			return RawResponse.parse(received.toString(StandardCharsets.ISO_8859_1));
		}
	}

	record RawResponse(int status, Map<String, String> headers, String body) {

		static RawResponse parse(String response) {
			int headerEnd = response.indexOf("\r\n\r\n");
			String[] lines = response.substring(0, headerEnd).split("\r\n");
			Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.putIfAbsent(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
			}
			String body = response.substring(headerEnd + 4);
			if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
				body = dechunk(body);
			}
			return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
		}

		private static String dechunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int index = 0;
			while (true) {
				int lineEnd = chunked.indexOf("\r\n", index);
				int size = Integer.parseInt(chunked.substring(index, lineEnd).trim(), 16);
				if (size == 0) {
					return body.toString();
				}
				body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				index = lineEnd + 2 + size + 2;
			}
		}

		String header(String name) {
			return this.headers.get(name);
		}

	}

}
