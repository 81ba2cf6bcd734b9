package io.observability.spring.benchmarks.load;

import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.observation.annotation.Observed;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Stands in for a domain service: a fixed amount of CPU work (about 1 ms on the reference
 * machine, set by {@code benchmark.work.iterations}) that allocates nothing, and one log
 * line.
 *
 * @author Observability Spring Boot contributors
 */
@Service
public class OrderPricingService {

	private static final Logger logger = LoggerFactory.getLogger(OrderPricingService.class);

	private final int iterations;

	OrderPricingService(@Value("${benchmark.work.iterations:250000}") int iterations) {
		this.iterations = iterations;
	}

	/**
	 * Price an order. Observed by Micrometer's aspect in the Spring Boot variants and by
	 * the OpenTelemetry Java agent in the agent variant: one span per call in both.
	 * @param order the order ID
	 * @return the price
	 */
	@Observed(name = "benchmark.order.pricing", contextualName = "price order")
	@WithSpan("price order")
	public long price(String order) {
		// A random seed and a dependent chain keep the JIT from folding the loop away
		long x = ThreadLocalRandom.current().nextLong() | 1;
		for (int i = 0; i < this.iterations; i++) {
			x ^= x << 13;
			x ^= x >>> 7;
			x ^= x << 17;
		}
		long price = x & 0xFFFF;
		logger.info("Priced order {} at {}", order, price);
		return price;
	}

}
