package io.observability.spring.profiling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.example.profiling.ProfilingTestApplication;
import io.observability.spring.profiling.internal.HotFramesObservationFilter;
import io.observability.spring.test.OtlpHttpReceiver;
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
 * Integration tests for the profiling of slow calls in a running application: a request
 * whose {@code @Observed} product matching burns CPU past its threshold exports spans
 * that name the burning method, a fast request's spans carry nothing.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootTest(classes = ProfilingTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=profiling-test", "management.tracing.sampling.probability=1.0",
				"observability.web.slow-request-threshold=2s", "observability.operations.slow-threshold=2s",
				"observability.profiling.interval=5ms" })
class SlowCallProfilingIntegrationTests {

	private static final String BURNING_METHOD = "com.example.profiling.CpuWork.scoreProducts";

	private static final String HOT_FRAMES = HotFramesObservationFilter.HOT_FRAMES;

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@DynamicPropertySource
	static void otlpEndpoint(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint", otlp::tracesEndpoint);
	}

	@AfterAll
	static void stopReceiver() {
		otlp.close();
	}

	@Test
	void slowRequestAndItsOperationNameTheBurningMethodOnTheirSpans() throws Exception {
		// The first request also initialises the dispatcher: its samples would share the
		// request's top frames
		assertThat(get("/fast").statusCode()).isEqualTo(200);
		assertThat(get("/match").statusCode()).isEqualTo(200);
		this.tracerProvider.forceFlush();
		ReceivedSpan operation = otlp.awaitSpan((span) -> span.name().equals("match products"), Duration.ofSeconds(30));
		ReceivedSpan server = otlp.awaitSpan(
				(span) -> span.kind().equals("SERVER") && span.traceId().equals(operation.traceId()),
				Duration.ofSeconds(30));
		assertThat(operation.attributes().get(HOT_FRAMES)).startsWith(BURNING_METHOD + " ").endsWith("%");
		assertThat(server.attributes().get(HOT_FRAMES)).contains(BURNING_METHOD + " ");
	}

	@Test
	void asyncOperationIsSampledOnTheThreadThatRunsIt() throws Exception {
		assertThat(get("/match-async").statusCode()).isEqualTo(200);
		this.tracerProvider.forceFlush();
		ReceivedSpan operation = otlp.awaitSpan((span) -> span.name().equals("match products async"),
				Duration.ofSeconds(30));
		assertThat(operation.attributes().get(HOT_FRAMES)).startsWith(BURNING_METHOD + " ");
	}

	@Test
	void fastRequestCarriesNothing() throws Exception {
		// Not the first request, which initialises the dispatcher: that one can take
		// seconds on a busy machine
		assertThat(get("/fast").statusCode()).isEqualTo(200);
		this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
		otlp.clear();
		assertThat(get("/fast").statusCode()).isEqualTo(200);
		this.tracerProvider.forceFlush();
		ReceivedSpan operation = otlp.awaitSpan((span) -> span.name().equals("match products quickly"),
				Duration.ofSeconds(30));
		ReceivedSpan server = otlp.awaitSpan(
				(span) -> span.kind().equals("SERVER") && span.traceId().equals(operation.traceId()),
				Duration.ofSeconds(30));
		assertThat(operation.attributes()).doesNotContainKey(HOT_FRAMES);
		assertThat(server.attributes()).doesNotContainKey(HOT_FRAMES);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
