package io.observability.spring.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.observation.annotation.Observed;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.ReceivedSpan;
import io.observability.spring.tracing.internal.TailSamplingSpanProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of tail sampling in applications with the starter, at a head-sampling probability
 * of 0, with the spans received by an OTLP receiver: the orders service calls the stock
 * service, both in this JVM.
 *
 * @author Observability Spring Boot contributors
 */
class TailSamplingApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String SAMPLED_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final Pattern EXEMPLAR_TRACE_ID = Pattern.compile("trace_id=\"([0-9a-f]{32})\"");

	private static final OtlpHttpReceiver otlp = OtlpHttpReceiver.start();

	private static ConfigurableApplicationContext stock;

	private static ConfigurableApplicationContext orders;

	@BeforeAll
	static void startServices() {
		// thresholds far above any request here, so that only failures keep a trace
		stock = start(StockApplication.class, "stock", "--observability.web.slow-request-threshold=1m");
		orders = start(OrdersApplication.class, "orders", "--observability.web.slow-request-threshold=1m",
				"--observability.operations.slow-threshold=1m", "--stock.url=http://127.0.0.1:" + port(stock));
	}

	@AfterAll
	static void stopServices() {
		orders.close();
		stock.close();
		otlp.close();
		// Spring Boot keeps the console format of the JVM's first application as a system
		// property
		System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
	}

	@BeforeEach
	void forgetEarlierSpans() {
		flush(stock);
		flush(orders);
		otlp.clear();
	}

	@Test
	void successfulRequestExportsNothing() throws Exception {
		long stockDecided = decided(stock);
		long ordersDecided = decided(orders);
		HttpResponse<String> response = get(orders, "/orders/ok");
		assertThat(response.statusCode()).isEqualTo(200);
		awaitDecided(orders, ordersDecided + 1);
		awaitDecided(stock, stockDecided + 1);
		flush(stock);
		flush(orders);
		assertThat(otlp.spans()).isEmpty();
	}

	@Test
	void failedRequestExportsItsServerSpanAndEveryChildSpanWithOneTraceId() throws Exception {
		long stockDecided = decided(stock);
		assertThat(get(orders, "/orders/fail").statusCode()).isEqualTo(500);
		ReceivedSpan server = awaitServerSpan("orders", "/orders/fail");
		ReceivedSpan observed = awaitSpan("orders", server.traceId(), "pricing#quote");
		ReceivedSpan client = otlp.awaitSpan((span) -> span.traceId().equals(server.traceId())
				&& span.kind().equals("CLIENT") && span.serviceName().equals("orders"), TIMEOUT);
		assertThat(server.error()).isTrue();
		assertThat(observed.isChildOf(server)).isTrue();
		assertThat(client.isChildOf(server)).isTrue();
		assertThat(List.of(server, observed, client))
			.allSatisfy((span) -> assertThat(span.attributes()).containsEntry("sampling.kept", "error"));
		// the stock service answered and kept nothing: its part did not fail
		awaitDecided(stock, stockDecided + 1);
		flush(stock);
		assertThat(otlp.spans()).noneMatch((span) -> span.serviceName().equals("stock"));
	}

	@Test
	void requestFailingDownstreamExportsTheFailingPartsOfBothServices() throws Exception {
		assertThat(get(orders, "/orders/broken-stock").statusCode()).isEqualTo(500);
		ReceivedSpan ordersServer = awaitServerSpan("orders", "/orders/broken-stock");
		ReceivedSpan ordersClient = otlp.awaitSpan((span) -> span.traceId().equals(ordersServer.traceId())
				&& span.kind().equals("CLIENT") && span.serviceName().equals("orders"), TIMEOUT);
		ReceivedSpan stockServer = otlp.awaitSpan((span) -> span.traceId().equals(ordersServer.traceId())
				&& span.kind().equals("SERVER") && span.serviceName().equals("stock"), TIMEOUT);
		assertThat(stockServer.isChildOf(ordersClient)).isTrue();
		assertThat(stockServer.error()).isTrue();
		assertThat(List.of(ordersServer, ordersClient, stockServer))
			.allSatisfy((span) -> assertThat(span.attributes()).containsEntry("sampling.kept", "error"));
	}

	@Test
	void keptSpansAreMaskedLikeSampledOnes() throws Exception {
		assertThat(get(orders, "/orders/fail-with-secret").statusCode()).isEqualTo(500);
		ReceivedSpan server = awaitServerSpan("orders", "/orders/fail-with-secret");
		ReceivedSpan client = otlp.awaitSpan((span) -> span.traceId().equals(server.traceId())
				&& span.kind().equals("CLIENT") && span.serviceName().equals("orders"), TIMEOUT);
		assertThat(client.attributes()).containsEntry("sampling.kept", "error")
			.hasEntrySatisfying("http.url", (url) -> assertThat(url).contains("/stock/a1").doesNotContain("s3cret"));
	}

	@Test
	void outgoingTraceparentKeepsTheHeadDecision() throws Exception {
		String traceparent = get(orders, "/orders/traceparent").body();
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
		// the sampled flag is bit 0 of the trace flags (OpenTelemetry also sets bit 1,
		// "random trace ID")
		int flags = Integer.parseInt(traceparent.substring(traceparent.length() - 2), 16);
		assertThat(flags & 1).isZero();
	}

	@Test
	void slowRequestExportsItsTraceThroughSpringBootsExportThreadOnly() throws Exception {
		Set<Thread> exportThreadsBefore = BatchSpanWorkerThreads.live();
		try (ConfigurableApplicationContext slow = start(OrdersApplication.class, "orders-slow",
				"--observability.web.slow-request-threshold=1ms", "--stock.url=http://127.0.0.1:" + port(stock))) {
			Set<Thread> exportThreads = BatchSpanWorkerThreads.live();
			exportThreads.removeAll(exportThreadsBefore);
			// Spring Boot's batch span processor, which takes the kept spans as well
			assertThat(exportThreads).hasSize(1);
			// at least 5 ms, above the 1 ms threshold whatever the machine does
			assertThat(get(slow, "/orders/slow").statusCode()).isEqualTo(200);
			ReceivedSpan server = awaitServerSpan("orders-slow", "/orders/slow");
			ReceivedSpan observed = awaitSpan("orders-slow", server.traceId(), "pricing#quote");
			assertThat(observed.isChildOf(server)).isTrue();
			assertThat(List.of(server, observed))
				.allSatisfy((span) -> assertThat(span.attributes()).containsEntry("sampling.kept", "slow"));
		}
	}

	@Test
	void exemplarsPointOnlyAtSampledTraces() throws Exception {
		assertThat(get(orders, "/orders/fail").statusCode()).isEqualTo(500);
		ReceivedSpan kept = awaitServerSpan("orders", "/orders/fail");
		HttpResponse<String> sampled = send(orders, HttpRequest.newBuilder(uri(orders, "/orders/ok"))
			.header("traceparent", "00-" + SAMPLED_TRACE_ID + "-00f067aa0ba902b7-01"));
		assertThat(sampled.statusCode()).isEqualTo(200);
		// the server's timer of a request stops after its response is sent
		String scrape = await().atMost(TIMEOUT)
			.until(() -> send(orders,
					HttpRequest.newBuilder(uri(orders, "/actuator/prometheus"))
						.header("Accept", "application/openmetrics-text;version=1.0.0"))
				.body(), (body) -> body.contains(SAMPLED_TRACE_ID));
		Set<String> exemplarTraceIds = new HashSet<>();
		Matcher matcher = EXEMPLAR_TRACE_ID.matcher(scrape);
		while (matcher.find()) {
			exemplarTraceIds.add(matcher.group(1));
		}
		// the head-sampled request is an exemplar; the kept, unsampled one never is, nor
		// is any dropped one
		assertThat(exemplarTraceIds).contains(SAMPLED_TRACE_ID)
			.doesNotContain(kept.traceId())
			.allSatisfy((traceId) -> assertThat(traceId).isEqualTo(SAMPLED_TRACE_ID));
	}

	private static ReceivedSpan awaitServerSpan(String service, String uri) {
		return otlp.awaitSpan((span) -> span.kind().equals("SERVER") && span.serviceName().equals(service)
				&& uri.equals(span.attributes().get("uri")), TIMEOUT);
	}

	private static ReceivedSpan awaitSpan(String service, String traceId, String name) {
		return otlp.awaitSpan((span) -> span.traceId().equals(traceId) && span.serviceName().equals(service)
				&& span.name().equals(name), TIMEOUT);
	}

	private static long decided(ConfigurableApplicationContext context) {
		return context.getBean(TailSamplingSpanProcessor.class).decidedTraces();
	}

	private static void awaitDecided(ConfigurableApplicationContext context, long decided) {
		// the server span ends after the response is sent
		await().atMost(TIMEOUT).until(() -> decided(context) >= decided);
	}

	private static void flush(ConfigurableApplicationContext context) {
		context.getBean(SdkTracerProvider.class).forceFlush().join(30, TimeUnit.SECONDS);
	}

	private static ConfigurableApplicationContext start(Class<?> application, String name, String... args) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.application.name=" + name,
				"--management.tracing.sampling.probability=0.0",
				"--management.opentelemetry.tracing.export.otlp.endpoint=" + otlp.tracesEndpoint(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms"));
		arguments.addAll(List.of(args));
		return new SpringApplicationBuilder(application).run(arguments.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://127.0.0.1:" + port(context) + path);
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
		return send(context, HttpRequest.newBuilder(uri(context, path)));
	}

	private static HttpResponse<String> send(ConfigurableApplicationContext context, HttpRequest.Builder request)
			throws Exception {
		return HttpClient.newHttpClient()
			.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(StockController.class)
	static class StockApplication {

	}

	@RestController
	static class StockController {

		@GetMapping("/stock/{sku}")
		String stock(@PathVariable String sku) {
			if (sku.equals("broken")) {
				throw new IllegalStateException("Stock database unavailable");
			}
			return "12";
		}

		@GetMapping("/echo-traceparent")
		String traceparent(@RequestHeader("traceparent") String traceparent) {
			return traceparent;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ OrdersController.class, Pricing.class })
	static class OrdersApplication {

	}

	@RestController
	static class OrdersController {

		private final RestClient stock;

		private final Pricing pricing;

		OrdersController(RestClient.Builder restClientBuilder, Environment environment, Pricing pricing) {
			this.stock = restClientBuilder.baseUrl(environment.getRequiredProperty("stock.url")).build();
			this.pricing = pricing;
		}

		@GetMapping("/orders/ok")
		String ok() {
			return this.pricing.quote() + " x " + stockOf("a1");
		}

		@GetMapping("/orders/fail")
		String fail() {
			this.pricing.quote();
			stockOf("a1");
			throw new IllegalStateException("Order rejected");
		}

		@GetMapping("/orders/fail-with-secret")
		String failWithSecret() {
			this.stock.get().uri("/stock/a1?api_key=s3cret").retrieve().body(String.class);
			throw new IllegalStateException("Order rejected");
		}

		@GetMapping("/orders/broken-stock")
		String brokenStock() {
			return stockOf("broken");
		}

		@GetMapping("/orders/slow")
		String slow() throws InterruptedException {
			String quote = this.pricing.quote();
			Thread.sleep(5);
			return quote;
		}

		@GetMapping("/orders/traceparent")
		String traceparent() {
			return this.stock.get().uri("/echo-traceparent").retrieve().body(String.class);
		}

		private String stockOf(String sku) {
			return this.stock.get().uri("/stock/{sku}", sku).retrieve().body(String.class);
		}

	}

	static class Pricing {

		@Observed(name = "pricing.quote", contextualName = "pricing#quote")
		String quote() {
			return "9.99";
		}

	}

}
