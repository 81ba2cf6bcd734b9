package io.observability.spring.web.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.observability.spring.test.OtlpHttpReceiver;
import io.observability.spring.test.PrometheusScrape;
import io.observability.spring.web.RequestId;
import io.observability.spring.web.internal.RequestIdObservationFilter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests probe and scrape paths in every form a client can send them and checks that
 * none reaches {@code http.server.requests}, the exported spans or the access log.
 *
 * @author Observability Spring Boot contributors
 */
abstract class ExcludedPathsIntegrationTestSupport {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private SdkTracerProvider tracerProvider;

	abstract OtlpHttpReceiver otlp();

	void assertNeverObserved(String actuatorPath, List<String> servedPaths, List<String> otherPaths) throws Exception {
		List<String> excludedPaths = new ArrayList<>(servedPaths);
		excludedPaths.addAll(otherPaths);
		String contextPath = actuatorPath.substring(0, actuatorPath.lastIndexOf('/'));
		ListAppender<ILoggingEvent> logEvents = new ListAppender<>();
		logEvents.start();
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.addAppender(logEvents);
		try {
			List<String> requestIds = new ArrayList<>();
			for (int i = 0; i < excludedPaths.size(); i++) {
				String requestId = "excluded-" + i;
				requestIds.add(requestId);
				HttpResponse<String> response = get(excludedPaths.get(i), requestId);
				if (servedPaths.contains(excludedPaths.get(i))) {
					assertThat(response.statusCode()).as(excludedPaths.get(i)).isEqualTo(200);
				}
			}
			assertThat(get(contextPath + "/test/orders/1", "observed").statusCode()).isEqualTo(200);
			this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
			otlp().awaitSpan((span) -> "observed".equals(span.attributes().get(RequestIdObservationFilter.KEY)),
					Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> logEvents.list.stream()
					.anyMatch((event) -> "observed".equals(event.getMDCPropertyMap().get(RequestId.MDC_KEY))));
			// The timer is recorded when the observation stops, which the response may
			// beat
			List<PrometheusScrape.Sample> serverRequests = await().atMost(Duration.ofSeconds(30)).until(() -> {
				HttpResponse<String> scrape = get(actuatorPath + "/prometheus", "scrape");
				assertThat(scrape.statusCode()).isEqualTo(200);
				return PrometheusScrape.parse(scrape.body()).samples("http_server_requests_seconds_count");
			}, (samples) -> !samples.isEmpty());
			assertThat(serverRequests).singleElement()
				.satisfies((sample) -> assertThat(sample.labels()).containsEntry("uri", "/test/orders/{id}"));
			assertThat(serverRequests.get(0).value()).isEqualTo(1);
			assertThat(otlp().spans()).noneSatisfy((span) -> assertThat(requestIds)
				.contains(String.valueOf(span.attributes().get(RequestIdObservationFilter.KEY))));
			assertThat(logEvents.list).filteredOn((event) -> event.getLoggerName().startsWith("io.observability"))
				.noneSatisfy((event) -> assertThat(requestIds)
					.contains(String.valueOf(event.getMDCPropertyMap().get(RequestId.MDC_KEY))));
		}
		finally {
			root.detachAppender(logEvents);
		}
	}

	private HttpResponse<String> get(String path, String requestId) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("X-Request-ID", requestId)
			.header("Accept", path.endsWith("/prometheus") ? "text/plain" : "*/*")
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
