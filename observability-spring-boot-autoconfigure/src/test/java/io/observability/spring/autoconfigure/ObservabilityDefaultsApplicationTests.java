package io.observability.spring.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.observability.spring.test.PrometheusScrape;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ObservabilityDefaultsEnvironmentPostProcessor} in a running
 * {@link SpringApplication}, where the defaults meet config data files.
 *
 * @author Observability Spring Boot contributors
 */
class ObservabilityDefaultsApplicationTests {

	@Test
	void postProcessorIsRegisteredAndAppliesDefaults() {
		try (ConfigurableApplicationContext context = run()) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("management.observations.annotations.enabled")).isEqualTo("true");
			assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		}
	}

	@Test
	void applicationPropertiesWinOverDefaults() {
		try (ConfigurableApplicationContext context = run(
				"--spring.config.location=classpath:defaults/application.properties")) {
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
				.isEqualTo("health,prometheus");
			assertThat(environment.getProperty("management.metrics.tags.application")).isEqualTo("orders");
			assertThat(environment.getProperty("management.observations.annotations.enabled")).isEqualTo("true");
		}
	}

	@Test
	void applicationDefaultPropertiesWinOverDefaults() {
		SpringApplication application = new SpringApplicationBuilder(TestConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties(Map.of("management.observations.annotations.enabled", "false"))
			.build();
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getEnvironment().getProperty("management.observations.annotations.enabled"))
				.isEqualTo("false");
		}
	}

	@Test
	void masterSwitchOffLeavesBootDefaultsAlone() {
		try (ConfigurableApplicationContext context = run("--observability.enabled=false")) {
			assertThat(context.getEnvironment().containsProperty("management.observations.annotations.enabled"))
				.isFalse();
			assertThat(context.getBeanNamesForType(ObservabilityProperties.class)).isEmpty();
		}
	}

	@Test
	void malformedMasterSwitchFailsStartupNamingTheProperty() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> run("--observability.enabled=sometimes"))
			.withMessageContaining("observability.enabled");
	}

	@Test
	void requestsHaveNoLongTaskTimerByDefault() throws Exception {
		PrometheusScrape scrape = scrapeAfterOneRequest();
		assertThat(scrape.samples("http_server_requests_seconds_count"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("uri", "/hello"));
		assertThat(scrape.names()).noneMatch((name) -> name.startsWith("http_server_requests_active"));
	}

	@Test
	void longTaskTimerComesBackWhenNoMeterIsIgnored() throws Exception {
		PrometheusScrape scrape = scrapeAfterOneRequest("--management.metrics.observations.ignored-meters=");
		// A long-task timer with the request meter's histogram is a gauge histogram
		assertThat(scrape.samples("http_server_requests_active_seconds_gcount"))
			.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("method", "GET"));
	}

	private PrometheusScrape scrapeAfterOneRequest(String... args) throws Exception {
		SpringApplication application = new SpringApplicationBuilder(WebConfiguration.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "management.otlp.metrics.export.enabled=false")
			.build();
		try (ConfigurableApplicationContext context = application.run(args)) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient client = HttpClient.newHttpClient();
			assertThat(get(client, port, "/hello")).isEqualTo("hello");
			// The request's timer stops after its response is sent
			return await().atMost(Duration.ofSeconds(30))
				.until(() -> PrometheusScrape.parse(get(client, port, "/actuator/prometheus")),
						(scrape) -> scrape.samples("http_server_requests_seconds_count")
							.stream()
							.anyMatch((sample) -> sample.hasLabel("uri", "/hello")));
		}
	}

	private static String get(HttpClient client, int port, String path) throws Exception {
		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("Accept", "text/plain")
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(TestConfiguration.class).web(WebApplicationType.NONE).run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(HelloController.class)
	static class WebConfiguration {

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}
