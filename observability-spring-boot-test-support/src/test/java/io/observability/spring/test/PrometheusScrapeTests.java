package io.observability.spring.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PrometheusScrape}.
 *
 * @author Observability Spring Boot contributors
 */
class PrometheusScrapeTests {

	private static final String BODY = """
			# HELP http_server_requests_seconds
			# TYPE http_server_requests_seconds histogram
			http_server_requests_seconds_bucket{method="GET",uri="/a",le="0.1"} 3
			http_server_requests_seconds_bucket{method="GET",uri="/a",le="+Inf"} 4
			http_server_requests_seconds_count{method="GET",uri="/a"} 4
			odd_label{value="quote \\" backslash \\\\ brace } comma ,"} 1.5E-3
			process_uptime_seconds 12.5
			""";

	@Test
	void parsesSamplesWithLabelsAndValues() {
		PrometheusScrape scrape = PrometheusScrape.parse(BODY);
		assertThat(scrape.samples()).hasSize(5);
		assertThat(scrape.samples("http_server_requests_seconds_count")).singleElement().satisfies((sample) -> {
			assertThat(sample.hasLabel("uri", "/a")).isTrue();
			assertThat(sample.value()).isEqualTo(4.0);
		});
		assertThat(scrape.samples("http_server_requests_seconds_bucket"))
			.anySatisfy((sample) -> assertThat(sample.value()).isEqualTo(4.0))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("le", "+Inf"));
		assertThat(scrape.samples("process_uptime_seconds")).singleElement()
			.satisfies((sample) -> assertThat(sample.labels()).isEmpty());
	}

	@Test
	void unescapesLabelValues() {
		assertThat(PrometheusScrape.parse(BODY).samples("odd_label")).singleElement().satisfies((sample) -> {
			assertThat(sample.labels()).containsEntry("value", "quote \" backslash \\ brace } comma ,");
			assertThat(sample.value()).isEqualTo(0.0015);
		});
	}

	@Test
	void rejectsMalformedLines() {
		assertThatIllegalArgumentException().isThrownBy(() -> PrometheusScrape.parse("metric{a=b} 1"));
		assertThatIllegalArgumentException().isThrownBy(() -> PrometheusScrape.parse("metric one"));
	}

}
