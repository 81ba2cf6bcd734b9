package io.observability.spring.metrics.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.observability.spring.test.PrometheusScrape;
import io.observability.spring.test.PrometheusScrape.Sample;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the cardinality guard in a running application, read through a real
 * Prometheus scrape, with tag values that come from user input.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(classes = CardinalityGuardApplicationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.application.name=guard-test")
class CardinalityGuardApplicationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void fortyTimesFortyUserInputCombinationsGiveAtMostOneThousandAndOneSeriesWithAnExactTotal() throws Exception {
		for (int term = 0; term < 40; term++) {
			for (int region = 0; region < 40; region++) {
				send(HttpRequest.newBuilder(uri("/search?term=term-" + term + "&region=region-" + region)).build());
			}
		}
		List<Sample> samples = scrape().samples("searches_total");
		assertThat(samples).hasSizeLessThanOrEqualTo(1001);
		assertThat(samples.stream().mapToDouble(Sample::value).sum()).isEqualTo(1600);
		assertThat(samples).anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("term", "OTHER")
			.containsEntry("region", "OTHER")
			.containsEntry("application", "guard-test"));
		assertThat(scrape().samples("observability_metrics_tag_overflow_total"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("meter", "searches")
				.containsEntry("tag", "(series)"));
	}

	@Test
	void sixThousandCharacterValueNeverReachesTheScrape() throws Exception {
		String query = "select-".repeat(857) + "x";
		assertThat(query).hasSize(6000);
		send(HttpRequest.newBuilder(uri("/query")).POST(HttpRequest.BodyPublishers.ofString(query)).build());
		String body = send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build());
		assertThat(body).doesNotContain(query.substring(0, 300));
		List<Sample> samples = PrometheusScrape.parse(body).samples("queries_total");
		assertThat(samples).singleElement()
			.satisfies((sample) -> assertThat(sample.labels().get("query")).hasSize(256)
				.startsWith(query.substring(0, 247) + "~"));
	}

	private PrometheusScrape scrape() throws Exception {
		return PrometheusScrape.parse(send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build()));
	}

	private String send(HttpRequest request) throws Exception {
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SearchController.class)
	static class TestApplication {

	}

	@RestController
	static class SearchController {

		private final MeterRegistry registry;

		SearchController(MeterRegistry registry) {
			this.registry = registry;
		}

		@GetMapping("/search")
		String search(@RequestParam String term, @RequestParam String region) {
			this.registry.counter("searches", "term", term, "region", region).increment();
			return "ok";
		}

		@PostMapping("/query")
		String query(@RequestBody String query) {
			this.registry.counter("queries", "query", query).increment();
			return "ok";
		}

	}

}
