package io.observability.spring.web.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.observability.spring.web.RequestId;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Application that the web integration tests run over real HTTP, in the test's JVM or in
 * one of its own: endpoints that report what the request ID filter put in place, where
 * the work ran and what a downstream service received.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({ WebObservabilityTestApplication.TestController.class, WebObservabilityTestApplication.AsyncWorker.class })
public class WebObservabilityTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebObservabilityTestApplication.class, args);
	}

	/**
	 * Spring Boot 4.1.1's WebClient auto-configuration module is not available to this
	 * build, so the application defines the builder; the starter customizes it like a
	 * Boot-built one.
	 * @return the builder
	 */
	@Bean
	WebClient.Builder webClientBuilder() {
		return WebClient.builder().clientConnector(new JdkClientHttpConnector());
	}

	@Bean
	DefaultErrorAttributes errorAttributes() {
		return new DefaultErrorAttributes() {

			@Override
			public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
				Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
				// Shows what error handling, in the error dispatch, sees in the MDC
				attributes.put("mdc_request_id", MDC.get(RequestId.MDC_KEY));
				return attributes;
			}

		};
	}

	static Map<String, Object> context() {
		Map<String, Object> context = new LinkedHashMap<>();
		context.put("mdc", MDC.get(RequestId.MDC_KEY));
		context.put("current", RequestId.current().orElse(null));
		context.put("thread", Thread.currentThread().getName());
		return context;
	}

	@RestController
	static class TestController {

		private final AsyncWorker worker;

		private final RestClient.Builder restClientBuilder;

		private final RestTemplateBuilder restTemplateBuilder;

		private final WebClient.Builder webClientBuilder;

		TestController(AsyncWorker worker, RestClient.Builder restClientBuilder,
				RestTemplateBuilder restTemplateBuilder, WebClient.Builder webClientBuilder) {
			this.worker = worker;
			this.restClientBuilder = restClientBuilder;
			this.restTemplateBuilder = restTemplateBuilder;
			this.webClientBuilder = webClientBuilder;
		}

		@GetMapping("/test/context")
		Map<String, Object> context() {
			return WebObservabilityTestApplication.context();
		}

		@GetMapping("/test/async")
		Map<String, Object> async() {
			return this.worker.context().join();
		}

		@GetMapping("/test/deferred")
		CompletableFuture<Map<String, Object>> deferred() {
			return this.worker.context();
		}

		@GetMapping("/test/deferred-slow")
		CompletableFuture<Map<String, Object>> deferredSlow(@RequestParam long millis) {
			return this.worker.slowContext(millis);
		}

		@GetMapping("/test/orders/{id}")
		Map<String, Object> order(@PathVariable String id) {
			return Map.of("id", id);
		}

		@GetMapping("/test/slow")
		Map<String, Object> slow(@RequestParam long millis) throws InterruptedException {
			Thread.sleep(millis);
			return Map.of("slept", millis);
		}

		@GetMapping("/test/boom")
		Map<String, Object> boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/test/headers")
		Map<String, Object> headers(@RequestHeader(name = "X-Request-ID", required = false) String requestId) {
			Map<String, Object> headers = new LinkedHashMap<>();
			headers.put("X-Request-ID", requestId);
			return headers;
		}

		@GetMapping("/test/downstream")
		Map<String, Object> downstream(HttpServletRequest request) {
			String url = "http://127.0.0.1:" + request.getLocalPort() + "/test/headers";
			Map<String, Object> received = new LinkedHashMap<>();
			received.put("restClient", this.restClientBuilder.build().get().uri(url).retrieve().body(Map.class));
			received.put("restTemplate", this.restTemplateBuilder.build().getForObject(url, Map.class));
			received.put("webClient",
					this.webClientBuilder.build().get().uri(url).retrieve().bodyToMono(Map.class).block());
			return received;
		}

	}

	@Component
	static class AsyncWorker {

		@Async
		CompletableFuture<Map<String, Object>> context() {
			return CompletableFuture.completedFuture(WebObservabilityTestApplication.context());
		}

		@Async
		CompletableFuture<Map<String, Object>> slowContext(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableFuture.completedFuture(WebObservabilityTestApplication.context());
		}

	}

}
