package io.observability.sample;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the sample's console: JSON lines through the starter, with no logging
 * configuration in the sample.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationJsonLogTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void requestLogLineIsJsonWithTraceCorrelation(CapturedOutput output) {
		var accepted = new Http(this.port).postJson("/api/inbound-messages",
				"{\"source\":\"EMAIL\",\"customer\":\"ACME\",\"content\":\"password=hunter2\"}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		List<String> lines = output.getOut().lines().filter((line) -> !line.isBlank()).toList();
		assertThat(lines).isNotEmpty().allSatisfy((line) -> assertThat(json.readTree(line).isObject()).isTrue());
		JsonNode received = lines.stream()
			.map(json::readTree)
			.filter((line) -> line.get("message").asString().startsWith("Received EMAIL message"))
			.findFirst()
			.orElseThrow();
		assertThat(received.get("service").asString()).isEqualTo("order-intake");
		assertThat(received.get("level").asString()).isEqualTo("INFO");
		assertThat(received.get("trace_id").asString()).matches("[0-9a-f]{32}");
		assertThat(received.get("span_id").asString()).matches("[0-9a-f]{16}");
	}

}
