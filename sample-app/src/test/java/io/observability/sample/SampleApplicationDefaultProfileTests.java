package io.observability.sample;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the sample's default profile, which needs nothing but a JVM: an embedded
 * database, no Redis, no object storage and no trace collector.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.show-components=always")
class SampleApplicationDefaultProfileTests {

	@LocalServerPort
	private int port;

	@Test
	void startsOnAnEmbeddedDatabaseWithoutRedis() {
		Http http = new Http(this.port);
		var health = http.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(health.body(), "$.components.db.status")).isEqualTo("UP");
		assertThat(JsonPath.<java.util.Map<String, Object>>read(health.body(), "$.components"))
			.doesNotContainKeys("redis", "objectStorage");
		assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void acceptsAndReturnsInboundMessages() {
		Http http = new Http(this.port);
		var accepted = http.postJson("/api/inbound-messages",
				"{\"source\":\"EMAIL\",\"customer\":\"ACME\",\"content\":\"10 x M8 bolts\"}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		String id = JsonPath.read(accepted.body(), "$.id");
		var message = http.get("/api/inbound-messages/" + id);
		assertThat(message.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(message.body(), "$.customer")).isEqualTo("ACME");
	}

	@Test
	void rejectsInvalidAndUnknownMessagesWithProblemDetails() {
		Http http = new Http(this.port);
		var invalid = http.postJson("/api/inbound-messages", "{\"source\":\"EMAIL\"}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(http.get("/api/inbound-messages/unknown").statusCode()).isEqualTo(404);
	}

	@Test
	void exposesOnlyTheDefaultEndpoints() {
		Http http = new Http(this.port);
		assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/info").statusCode()).isEqualTo(200);
		assertThat(http.get("/actuator/env").statusCode()).isEqualTo(404);
	}

}
