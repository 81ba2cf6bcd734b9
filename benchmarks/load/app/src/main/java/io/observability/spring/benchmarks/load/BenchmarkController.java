package io.observability.spring.benchmarks.load;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two endpoints under load: {@code /fast} measures the per-request cost of the
 * observability stack on its own, {@code /work} puts it beside a realistic amount of
 * work.
 *
 * @author Observability Spring Boot contributors
 */
@RestController
class BenchmarkController {

	private static final Status OK = new Status("ok");

	private final OrderPricingService pricing;

	BenchmarkController(OrderPricingService pricing) {
		this.pricing = pricing;
	}

	@GetMapping("/fast")
	Status fast() {
		return OK;
	}

	@GetMapping("/work")
	PricedOrder work(@RequestParam(defaultValue = "order-42") String order) {
		return new PricedOrder(order, this.pricing.price(order));
	}

	record Status(String status) {
	}

	record PricedOrder(String order, long price) {
	}

}
