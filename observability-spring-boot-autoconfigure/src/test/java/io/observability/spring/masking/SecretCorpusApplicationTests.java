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
import io.observability.spring.test.RefusingPort;
import io.observability.spring.test.S3ProxyServer;
import io.observability.spring.test.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that no secret of the {@link SecretCorpus} leaves a running application through
 * the console, the Prometheus scrape, the spans its OTLP exporter sends or
 * {@code /actuator/health} with details shown (against real PostgreSQL, Redis and S3Proxy
 * servers, with failing members that carry secrets), over real HTTP, and that what must
 * stay around a secret stays.
 *
 * @author Observability Spring Boot contributors
 */
class SecretCorpusApplicationTests {

	// As Elasticsearch parses documents: a repeated key is an error
	private static final JsonMapper strict = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	// An exception type, never its message
	private static final String TYPE_NAME = "[\\p{L}_$][\\p{L}\\p{N}_$.]*";

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private static final List<JsonNode> lines = new ArrayList<>();

	private static List<String> stdout = List.of();

	private static List<String> stderr = List.of();

	private static String scrape;

	private static HttpResponse<String> failure;

	private static HttpResponse<String> health;

	private static String s3SecretKey;

	@BeforeAll
	static void runApplication() throws Exception {
		TestServices.PostgresDetails postgres = TestServices.postgres();
		TestServices.RedisDetails redis = TestServices.redis();
		try (RefusingPort refusingPort = RefusingPort.open()) {
			int closedPort = refusingPort.port();
			try (S3ProxyServer s3 = S3ProxyServer.start()) {
				s3SecretKey = s3.secretKey();
				try (S3Client client = s3Client(s3)) {
					client.createBucket((request) -> request.bucket("corpus"));
				}
				ApplicationProcess application = ApplicationProcess.start(SecretCorpusTestApplication.class,
						Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlp.tracesEndpoint()), "--server.port=0",
						"--spring.application.name=corpus", "--management.tracing.sampling.probability=1.0",
						"--management.opentelemetry.tracing.export.schedule-delay=100ms",
						"--management.endpoint.health.show-details=always",
						"--management.endpoints.web.exposure.include=health,prometheus",
						"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
						"--corpus.postgres.url=" + postgres.jdbcUrl(),
						"--corpus.postgres.username=" + postgres.username(),
						"--corpus.postgres.password=" + postgres.password(), "--corpus.s3.endpoint=" + s3.endpoint(),
						"--corpus.s3.access-key=" + s3.accessKey(), "--corpus.s3.secret-key=" + s3.secretKey(),
						"--observability.health.object-storage.buckets=corpus",
						"--corpus.session-store.port=" + closedPort);
				try (application) {
					int port = application.awaitPort();
					HttpResponse<String> corpus = get(port, "/corpus?password=" + SecretCorpus.secret(45));
					assertThat(corpus.statusCode()).as("corpus response %s", corpus.body()).isEqualTo(200);
					failure = get(port, "/fail");
					otlp.awaitSpan((span) -> span.name().equals("corpus.check"), Duration.ofSeconds(30));
					otlp.awaitSpan((span) -> span.kind().equals("SERVER") && span.error(), Duration.ofSeconds(30));
					scrape = get(port, "/actuator/prometheus").body();
					health = get(port, "/actuator/health");
					application.stop();
				}
				stdout = application.stdout();
				stderr = application.stderr();
			}
			for (String line : stdout) {
				lines.add(strict.readTree(line));
			}
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
	void noSecretReachesHealthWithDetailsShown() {
		assertThat(health.body()).contains("\"objectStorage\"");
		for (String secret : SecretCorpus.all()) {
			assertThat(health.body()).as("/actuator/health").doesNotContain(secret);
		}
		assertThat(health.body()).as("/actuator/health").doesNotContain(s3SecretKey);
	}

	@Test
	void healthIsValidJsonThatKeepsComponentsStatusesAndSafeReasons() {
		assertThat(health.statusCode()).isEqualTo(503);
		JsonNode components = strict.readTree(health.body()).get("components");
		assertThat(status(components, "db", "primary")).isEqualTo("UP");
		assertThat(components.get("db").get("components").get("primary").get("details").get("database").asString())
			.isEqualTo("PostgreSQL");
		assertThat(status(components, "redis")).isEqualTo("UP");
		assertThat(status(components, "objectStorage")).isEqualTo("UP");
		assertThat(components.get("objectStorage").get("details").get("buckets").get("corpus").get("status").asString())
			.isEqualTo("UP");
		assertThat(status(components, "db", "reports")).isEqualTo("DOWN");
		assertThat(error(components, "db", "reports")).matches(TYPE_NAME);
		assertThat(status(components, "sessionStore")).isEqualTo("DOWN");
		assertThat(error(components, "sessionStore")).matches(TYPE_NAME);
		assertThat(error(components, "payments")).isEqualTo(IllegalStateException.class.getName());
		assertThat(error(components, "ledger")).isEqualTo(SecretCorpusTestApplication.LedgerRefusal.class.getName());
		assertThat(error(components, "mailer")).isEqualTo("smtp login failed for bob password=****");
		JsonNode vault = components.get("vault");
		assertThat(vault.get("status").asString()).isEqualTo("UP");
		assertThat(vault.get("details").get("endpoint").asString()).isEqualTo("https://svc:****@vault.internal/v1");
		assertThat(vault.get("details").get("client_secret").asString()).isEqualTo("****");
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

	private static String status(JsonNode components, String... path) {
		return component(components, path).get("status").asString();
	}

	private static String error(JsonNode components, String... path) {
		JsonNode details = component(components, path).get("details");
		assertThat(details).as("details of %s in %s", String.join("/", path), health.body()).isNotNull();
		return details.get("error").asString();
	}

	private static JsonNode component(JsonNode components, String... path) {
		JsonNode node = components.get(path[0]);
		for (int i = 1; i < path.length; i++) {
			node = node.get("components").get(path[i]);
		}
		assertThat(node).as("%s in %s", String.join("/", path), health.body()).isNotNull();
		return node;
	}

	private static S3Client s3Client(S3ProxyServer s3) {
		return S3Client.builder()
			.endpointOverride(s3.endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
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
