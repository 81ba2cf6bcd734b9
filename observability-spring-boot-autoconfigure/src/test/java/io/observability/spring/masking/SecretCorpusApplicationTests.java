package io.observability.spring.masking;

import java.io.IOException;
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
import io.observability.spring.test.PrometheusScrape;
import io.observability.spring.test.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that no secret of the {@link SecretCorpus} leaves a running application through
 * the console, the Prometheus scrape or the spans its OTLP exporter sends, over real
 * HTTP, and that what must stay around a secret stays.
 *
 * @author Observability Spring Boot contributors
 */
class SecretCorpusApplicationTests {

	// As Elasticsearch parses documents: a repeated key is an error
	private static final JsonMapper strict = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private static final List<JsonNode> lines = new ArrayList<>();

	private static List<String> stdout = List.of();

	private static List<String> stderr = List.of();

	private static String scrape;

	private static HttpResponse<String> failure;

	@BeforeAll
	static void runApplication() throws Exception {
		ApplicationProcess application = ApplicationProcess.start(SecretCorpusTestApplication.class,
				Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlp.tracesEndpoint()), "--server.port=0",
				"--spring.application.name=corpus", "--management.tracing.sampling.probability=1.0",
				"--management.opentelemetry.tracing.export.schedule-delay=100ms",
				"--management.health.redis.enabled=false");
		try (application) {
			int port = application.awaitPort();
			HttpResponse<String> corpus = get(port, "/corpus?password=" + SecretCorpus.secret(45));
			assertThat(corpus.statusCode()).as("corpus response %s", corpus.body()).isEqualTo(200);
			failure = get(port, "/fail");
			otlp.awaitSpan((span) -> span.name().equals("corpus.check"), Duration.ofSeconds(30));
			otlp.awaitSpan((span) -> span.kind().equals("SERVER") && span.error(), Duration.ofSeconds(30));
			scrape = get(port, "/actuator/prometheus").body();
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

	@Test
	void noSecretReachesTheConsoleTheScrapeOrTheSpans() {
		String console = String.join("\n", stdout);
		String errors = String.join("\n", stderr);
		String spans = String.join("\n", otlp.requestsAsText());
		assertThat(console).contains("Order with a cycle failed");
		assertThat(scrape).contains("http_client_requests_seconds");
		assertThat(spans).contains("corpus.check");
		for (String secret : SecretCorpus.all()) {
			assertThat(console).as("console").doesNotContain(secret);
			assertThat(errors).as("stderr").doesNotContain(secret);
			assertThat(scrape).as("Prometheus scrape").doesNotContain(secret);
			assertThat(spans).as("spans").doesNotContain(secret);
		}
	}

	@Test
	void everyConsoleLineIsAJsonObjectWithUniqueKeys() {
		assertThat(stderr).isEmpty();
		assertThat(lines).hasSizeGreaterThan(SecretCorpus.MESSAGES.size()).allSatisfy((line) -> {
			assertThat(line.isObject()).isTrue();
			assertThat(line.has("message")).isTrue();
		});
	}

	@Test
	void wordsBracketsAndQuotesAroundSecretsStay() {
		List<String> messages = lines.stream().map((line) -> line.get("message").asString()).toList();
		assertThat(messages).contains("Login[user=bob, password=****]", "Body {\"password\": \"****\"}",
				"Datasource jdbc:postgresql://app:****@db:5432/orders ready", "Cache redis://:****@cache:6379/0 ready",
				"Payload {\\\"password\\\":\\\"****\\\",\\\"user\\\":\\\"bob\\\"}",
				"Gateway header X-Api-Key: **** sent", "aws_secret_access_key=**** region=eu",
				"Quoted password=\"****\" done", "Fetched https://user:****@example.com/path",
				"Calling /x?api_key=****&page=1");
	}

	@Test
	void keyValuesWinOverTheMdcAndSecretNamesAreMaskedByContainment() {
		JsonNode line = line("Key-values of document doc-1");
		assertThat(line.get("document_id").asString()).isEqualTo("doc-from-key-value");
		assertThat(line.get("db_password").asString()).isEqualTo("****");
		assertThat(line.get("clientSecret").asString()).isEqualTo("****");
		assertThat(line.get("X-Api-Key").asString()).isEqualTo("****");
		assertThat(line.get("secret_token").asString()).isEqualTo("****");
		assertThat(line.get("note").asString()).isEqualTo("retry with token=****");
		assertThat(line.get("login").asString()).isEqualTo("user=alice password=****");
	}

	@Test
	void anEventWithUnwritableValuesIsWrittenWithStandInsAndCounted() {
		JsonNode line = line("Order with a cycle failed");
		assertThat(line.get("level").asString()).isEqualTo("ERROR");
		assertThat(line.get("order").asString()).startsWith(
				"[unwritable " + SecretCorpusTestApplication.Order.class.getName() + ": Order[id=7, password=****]");
		assertThat(line.get("account").asString()).contains("Account[user=bob, password=****]");
		assertThat(line.get("stack_trace").asString())
			.startsWith("java.lang.IllegalArgumentException: rejected api_key=****");
		assertThat(line.get("document_id").asString()).isEqualTo("doc-from-mdc");
		assertThat(PrometheusScrape.parse(scrape).samples("observability_logging_values_replaced_total"))
			.singleElement()
			.satisfies((sample) -> assertThat(sample.value()).isGreaterThanOrEqualTo(2));
	}

	@Test
	void queryStringsStayOutOfUriTagsAndSpanUrls() {
		List<PrometheusScrape.Sample> client = PrometheusScrape.parse(scrape)
			.samples("http_client_requests_seconds_count");
		assertThat(client).extracting((sample) -> sample.labels().get("uri")).contains("/items/9", "/items/10");
		assertThat(PrometheusScrape.parse(scrape).samples()).allSatisfy((sample) -> assertThat(sample.labels().values())
			.noneSatisfy((value) -> assertThat(value).contains("api_key")));
		List<ReceivedSpan> clientSpans = otlp.spans().stream().filter((span) -> span.kind().equals("CLIENT")).toList();
		assertThat(clientSpans).hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((span) -> assertThat(span.attributes().values())
				.noneSatisfy((value) -> assertThat(value).contains("?")));
	}

	@Test
	void spanAttributesAndExceptionEventsAreMasked() {
		ReceivedSpan check = otlp.awaitSpan((span) -> span.name().equals("corpus.check"), Duration.ofSeconds(1));
		assertThat(check.attributes()).containsEntry("session.token", "****")
			.containsEntry("query", "user=bob&password=****");
		assertThat(String.join("\n", otlp.requestsAsText())).contains("check failed password=****")
			.contains("login failed password=**** for bob");
		assertThat(failure.statusCode()).isEqualTo(500);
	}

	private static JsonNode line(String message) {
		return lines.stream()
			.filter((line) -> line.get("message").asString().equals(message))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No line '" + message + "' in " + stdout));
	}

	private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
