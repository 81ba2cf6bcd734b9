package com.example.profiling;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.annotation.Observed;
import io.observability.spring.profiling.internal.SlowCallProfiler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application whose product matching, an {@code @Observed} method, burns CPU in a
 * method of its own until the profiler has sampled it and it is slower than its
 * threshold.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({ ProfilingTestApplication.MatchingController.class, ProfilingTestApplication.ProductMatcher.class })
public class ProfilingTestApplication {

	/** Slow thresholds the test configures, for requests and operations alike. */
	public static final Duration THRESHOLD = Duration.ofSeconds(2);

	public static void main(String[] args) {
		SpringApplication.run(ProfilingTestApplication.class, args);
	}

	@RestController
	static class MatchingController {

		private final ProductMatcher matcher;

		MatchingController(ProductMatcher matcher) {
			this.matcher = matcher;
		}

		@GetMapping("/match")
		Map<String, Object> match() {
			return Map.of("score", this.matcher.match());
		}

		@GetMapping("/match-async")
		CompletableFuture<Map<String, Object>> matchAsync() {
			return this.matcher.matchAsync().thenApply((score) -> Map.of("score", score));
		}

		@GetMapping("/fast")
		Map<String, Object> fast() {
			return Map.of("score", this.matcher.matchQuickly());
		}

	}

	static class ProductMatcher {

		private final SlowCallProfiler profiler;

		ProductMatcher(SlowCallProfiler profiler) {
			this.profiler = profiler;
		}

		@Observed(name = "products.match", contextualName = "match products")
		long match() {
			return burnUntilSampled();
		}

		@Async
		@Observed(name = "products.match.async", contextualName = "match products async")
		CompletableFuture<Long> matchAsync() {
			return CompletableFuture.completedFuture(burnUntilSampled());
		}

		@Observed(name = "products.match.quick", contextualName = "match products quickly")
		long matchQuickly() {
			return CpuWork.scoreProducts(() -> true);
		}

		private long burnUntilSampled() {
			long start = System.nanoTime();
			long samples = this.profiler.samplesTaken();
			return CpuWork.scoreProducts(() -> this.profiler.samplesTaken() - samples >= 3
					&& System.nanoTime() - start > THRESHOLD.toNanos());
		}

	}

}
