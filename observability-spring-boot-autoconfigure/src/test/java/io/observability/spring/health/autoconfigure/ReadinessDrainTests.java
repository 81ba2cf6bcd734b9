package io.observability.spring.health.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.observability.spring.health.internal.ReadinessDrain;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReadinessDrain} in a running web application.
 *
 * @author Observability Spring Boot contributors
 */
class ReadinessDrainTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	void shutdownRefusesTrafficThenKeepsServingForTheDrainDelay() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(DrainApplication.class)
			.properties("server.port=0", "observability.health.drain-delay=5s",
					"management.endpoints.web.exposure.include=health")
			.run();
		String baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
		assertThat(status(baseUrl + "/actuator/health/readiness")).isEqualTo(200);
		long start = System.nanoTime();
		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
		int readiness = 200;
		// Until the closing thread, which a loaded machine may run late, refuses traffic;
		// from then on the server keeps serving for the drain delay
		while (readiness == 200 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
			readiness = status(baseUrl + "/actuator/health/readiness");
		}
		assertThat(readiness).isEqualTo(503);
		assertThat(status(baseUrl + "/actuator/health/liveness")).isEqualTo(200);
		assertThat(closed).isNotDone();
		closed.get(60, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void withoutDrainDelayShutdownDoesNotWait() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(DrainApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=health")
			.run();
		long start = System.nanoTime();
		context.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
	}

	private int status(String url) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
	static class DrainApplication {

	}

}
