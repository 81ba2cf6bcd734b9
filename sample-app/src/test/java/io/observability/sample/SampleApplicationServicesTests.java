package io.observability.sample;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.PrometheusScrape;
import io.observability.spring.test.ReceivedSpan;
import io.observability.spring.test.TestServices;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of the sample with the starter against real PostgreSQL and Redis
 * servers and a real OTLP receiver, over real HTTP.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.show-components=always")
@ActiveProfiles("services")
class SampleApplicationServicesTests {

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private SdkTracerProvider tracerProvider;

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
	}

	@AfterAll
	static void stopReceiver() {
		otlp.close();
	}

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
	}

	@Test
	void inboundMessageIsStoredInPostgres() {
		var response = this.http.postJson("/api/inbound-messages",
				"{\"source\":\"EMAIL\",\"customer\":\"ACME\",\"content\":\"10 x M8 bolts\"}");
		assertThat(response.statusCode()).isEqualTo(202);
		String id = JsonPath.read(response.body(), "$.id");
		assertThat(this.jdbc.sql("SELECT customer FROM inbound_message WHERE id = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo("ACME");
		assertThat(this.jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL");
		assertThat(this.http.get("/api/inbound-messages/" + id).statusCode()).isEqualTo(200);
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
		assertThat(JsonPath.<String>read(readiness.body(), "$.components.readinessState.status")).isEqualTo("UP");
	}

	@Test
	void prometheusScrapeHasHttpHistogramAndAnnotatedMethodTimer() {
		assertThat(this.http
			.postJson("/api/inbound-messages", "{\"source\":\"EDI\",\"customer\":\"Globex\",\"content\":\"ORDERS\"}")
			.statusCode()).isEqualTo(202);
		var response = this.http.get("/actuator/prometheus", "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		PrometheusScrape scrape = PrometheusScrape.parse(response.body());
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
		assertThat(this.http
			.postJson("/api/inbound-messages", "{\"source\":\"API\",\"customer\":\"Initech\",\"content\":\"PO 7\"}")
			.statusCode()).isEqualTo(202);
		this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
		ReceivedSpan server = otlp.awaitSpan(
				(span) -> span.kind().equals("SERVER") && "/api/inbound-messages".equals(span.attributes().get("uri"))
						&& "POST".equals(span.attributes().get("method")),
				Duration.ofSeconds(10));
		assertThat(server.serviceName()).isEqualTo("order-intake");
		assertThat(server.resourceAttributes()).containsEntry("deployment.environment", "local");
		ReceivedSpan receive = otlp.awaitSpan(
				(span) -> span.name().equals("receive inbound message") && span.traceId().equals(server.traceId()),
				Duration.ofSeconds(10));
		assertThat(receive.isChildOf(server)).isTrue();
	}

}
