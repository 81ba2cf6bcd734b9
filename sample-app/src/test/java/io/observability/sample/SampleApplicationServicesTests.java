package io.observability.sample;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.PrometheusScrape;
import io.observability.spring.test.ReceivedSpan;
import io.observability.spring.test.S3ProxyServer;
import io.observability.spring.test.TestServices;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests of the sample's {@code services} profile against real PostgreSQL and
 * Redis servers, a real S3Proxy server and a real OTLP receiver, over real HTTP.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.show-components=always")
@ActiveProfiles("services")
class SampleApplicationServicesTests {

	private static final String BUCKET = "order-intake-test";

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private static final S3ProxyServer s3Proxy = S3ProxyServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Autowired
	private S3Client s3;

	@Autowired
	private StringRedisTemplate redis;

	private Http http;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestServices.PostgresDetails postgres = TestServices.postgres();
		TestServices.RedisDetails redis = TestServices.redis();
		registry.add("spring.datasource.url", postgres::jdbcUrl);
		registry.add("spring.datasource.username", postgres::username);
		registry.add("spring.datasource.password", postgres::password);
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", otlp::tracesEndpoint);
		createBucket();
		registry.add("sample.documents.s3.endpoint", () -> s3Proxy.endpoint().toString());
		registry.add("sample.documents.s3.access-key", s3Proxy::accessKey);
		registry.add("sample.documents.s3.secret-key", s3Proxy::secretKey);
		registry.add("sample.documents.s3.bucket", () -> BUCKET);
	}

	private static void createBucket() {
		try (S3Client client = S3Client.builder()
			.endpointOverride(s3Proxy.endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(s3Proxy.accessKey(), s3Proxy.secretKey())))
			.build()) {
			client.createBucket((request) -> request.bucket(BUCKET));
		}
	}

	@AfterAll
	static void stopServers() {
		otlp.close();
		s3Proxy.close();
	}

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	@Test
	void inboundMessageIsStoredInPostgresWithItsDocumentInS3AndDraftedFromTheRedisCachedCatalogue() {
		// Unique content: the shared Redis remembers documents for a day
		String content = "PO " + UUID.randomUUID() + "\\n10 x M8 bolts\\n4 x cable ties 200mm";
		var response = this.http.postJson("/api/inbound-messages",
				"{\"source\":\"EMAIL\",\"customer\":\"ACME\",\"content\":\"" + content + "\"}");
		assertThat(response.statusCode()).isEqualTo(202);
		String id = JsonPath.read(response.body(), "$.id");
		assertThat(this.jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL");
		assertThat(this.jdbc.sql("SELECT current_schema()").query(String.class).single()).isEqualTo("order_intake");
		String location = this.jdbc.sql("SELECT document_location FROM inbound_message WHERE id = ?")
			.param(id)
			.query(String.class)
			.single();
		assertThat(location).isEqualTo("s3://" + BUCKET + "/inbound/email/" + id);
		assertThat(
				this.s3.getObjectAsBytes((request) -> request.bucket(BUCKET).key("inbound/email/" + id)).asUtf8String())
			.contains("10 x M8 bolts");
		var processed = this.http.awaitProcessed(id);
		assertThat(JsonPath.<String>read(processed.body(), "$.status")).isEqualTo("DRAFTED");
		assertThat(JsonPath.<String>read(processed.body(), "$.customer")).isEqualTo("ACME");
		assertThat(this.redis.hasKey("order-intake:catalogue::SimpleKey []")).isTrue();
		assertThat(this.jdbc
			.sql("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
					+ "ORDER BY installed_rank")
			.query(String.class)
			.list()).containsExactly("1");
	}

	@Test
	void sameDocumentReceivedTwiceIsRecognisedInRedis() {
		String body = "{\"source\":\"API\",\"customer\":\"Initech\",\"content\":\"1 x M8 nut " + UUID.randomUUID()
				+ "\"}";
		var first = this.http.postJson("/api/inbound-messages", body);
		assertThat(first.statusCode()).isEqualTo(202);
		var second = this.http.postJson("/api/inbound-messages", body);
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Boolean>read(second.body(), "$.duplicate")).isTrue();
		assertThat(JsonPath.<String>read(second.body(), "$.id")).isEqualTo(JsonPath.read(first.body(), "$.id"));
	}

	@Test
	void probesAreUpWithDatabaseAndRedisInReadiness() {
		var liveness = this.http.get("/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(liveness.body(), "$.status")).isEqualTo("UP");
		var readiness = this.http.get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(readiness.body(), "$.components.db.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(readiness.body(), "$.components.redis.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(readiness.body(), "$.components.objectStorage.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(readiness.body(), "$.components.readinessState.status")).isEqualTo("UP");
	}

	@Test
	void prometheusScrapeHasHttpHistogramAndAnnotatedMethodTimer() {
		assertThat(
				this.http
					.postJson("/api/inbound-messages",
							"{\"source\":\"EDI\",\"customer\":\"Globex\",\"content\":\"ORDERS " + UUID.randomUUID()
									+ "\"}")
					.statusCode())
			.isEqualTo(202);
		// The request's timer stops after its response is sent
		PrometheusScrape scrape = await().atMost(Duration.ofSeconds(30)).until(() -> {
			var response = this.http.get("/actuator/prometheus", "text/plain");
			assertThat(response.statusCode()).isEqualTo(200);
			return PrometheusScrape.parse(response.body());
		}, (candidate) -> candidate.samples("http_server_requests_seconds_bucket")
			.stream()
			.anyMatch(
					(sample) -> sample.hasLabel("uri", "/api/inbound-messages") && sample.hasLabel("method", "POST")));
		assertThat(scrape.samples("http_server_requests_seconds_bucket"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("uri", "/api/inbound-messages")
				.containsEntry("method", "POST")
				.containsEntry("application", "order-intake")
				.containsKey("le"));
		assertThat(scrape.samples("inbound_messages_receive_seconds_count"))
			.anySatisfy((sample) -> assertThat(sample.value()).isGreaterThanOrEqualTo(1));
	}

	@Test
	void requestSpanAndAnnotatedMethodSpanArriveAtOtlpReceiver() {
		assertThat(
				this.http
					.postJson("/api/inbound-messages",
							"{\"source\":\"API\",\"customer\":\"Initech\",\"content\":\"PO " + UUID.randomUUID()
									+ "\"}")
					.statusCode())
			.isEqualTo(202);
		this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
		ReceivedSpan server = otlp.awaitSpan(
				(span) -> span.kind().equals("SERVER") && "/api/inbound-messages".equals(span.attributes().get("uri"))
						&& "POST".equals(span.attributes().get("method")),
				Duration.ofSeconds(30));
		assertThat(server.serviceName()).isEqualTo("order-intake");
		assertThat(server.resourceAttributes()).containsEntry("deployment.environment", "local");
		ReceivedSpan receive = otlp.awaitSpan(
				(span) -> span.name().equals("receive inbound message") && span.traceId().equals(server.traceId()),
				Duration.ofSeconds(30));
		assertThat(receive.isChildOf(server)).isTrue();
	}

}
