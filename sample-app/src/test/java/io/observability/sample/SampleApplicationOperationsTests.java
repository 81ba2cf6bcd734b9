package io.observability.sample;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.PrometheusScrape;
import io.observability.spring.test.ReceivedSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests of the sample's annotated domain operations over real HTTP: the
 * Prometheus scrape and the spans at a real OTLP receiver.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationOperationsTests {

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	@LocalServerPort
	private int port;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", otlp::tracesEndpoint);
	}

	@AfterAll
	static void stopReceiver() {
		otlp.close();
	}

	@Test
	void operationTimerHasHistogramAndCountByOutcome() {
		Http http = new Http(this.port);
		for (int i = 0; i < 3; i++) {
			assertThat(http
				.postJson("/api/inbound-messages",
						"{\"source\":\"EDI\",\"customer\":\"Globex\",\"content\":\"ORDERS\"}")
				.statusCode()).isEqualTo(202);
		}
		PrometheusScrape scrape = PrometheusScrape.parse(http.get("/actuator/prometheus", "text/plain").body());
		assertThat(scrape.samples("inbound_messages_receive_seconds_bucket"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("outcome", "success")
				.containsEntry("exception", "none")
				.containsEntry("source", "EDI")
				.containsEntry("application", "order-intake")
				.containsKey("le"));
		assertThat(scrape.samples("inbound_messages_receive_seconds_count"))
			.filteredOn((sample) -> sample.hasLabel("outcome", "success") && sample.hasLabel("source", "EDI"))
			.singleElement()
			.satisfies((sample) -> assertThat(sample.value()).isGreaterThanOrEqualTo(3));
		// The starter leaves out Micrometer's per-call long-task timer by default
		assertThat(scrape.names()).noneMatch((name) -> name.startsWith("inbound_messages_receive_active"));
		assertThat(scrape.samples()).noneSatisfy((sample) -> assertThat(sample.labels()).containsKey("customer"));
		assertThat(scrape.samples()).noneSatisfy((sample) -> assertThat(sample.labels()).containsKey("message_id"));
	}

	@Test
	void operationSpansCarryHighCardinalityTagsAsAttributes() {
		Http http = new Http(this.port);
		var accepted = http.postJson("/api/inbound-messages",
				"{\"source\":\"API\",\"customer\":\"Initech\",\"content\":\"PO 7\"}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		String id = JsonPath.read(accepted.body(), "$.id");
		assertThat(http.get("/api/inbound-messages/" + id).statusCode()).isEqualTo(200);
		this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
		ReceivedSpan receive = otlp.awaitSpan((span) -> span.name().equals("receive inbound message")
				&& "Initech".equals(span.attributes().get("customer")), Duration.ofSeconds(30));
		assertThat(receive.attributes()).containsEntry("source", "API");
		assertThat(receive.error()).isFalse();
		ReceivedSpan find = otlp.awaitSpan(
				(span) -> span.name().equals("find inbound message") && id.equals(span.attributes().get("message_id")),
				Duration.ofSeconds(30));
		assertThat(find.error()).isFalse();
	}

}
