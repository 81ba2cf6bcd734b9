package com.example.observed;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.Cardinality;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A new user's application: nothing but Micrometer's {@code @Observed} and
 * {@code @ObservationKeyValue}, on the methods of a class and on the methods of an
 * interface whose implementation carries no annotation, synchronous and returning a
 * {@code CompletionStage} completed on another thread. A call fails when its
 * high-cardinality ID starts with {@code bad-}.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootApplication
public class ObservedTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(ObservedTestApplication.class, args);
	}

	static String process(String id) {
		if (id.startsWith("bad-")) {
			throw new IllegalStateException("Rejected " + id);
		}
		return "ok " + id;
	}

	/**
	 * Annotated on the class's own methods.
	 */
	@Service
	public static class PaymentService {

		@Observed(name = "payment.charge")
		public String charge(@ObservationKeyValue(key = "currency", cardinality = Cardinality.LOW) String currency,
				@ObservationKeyValue(key = "customer_id", cardinality = Cardinality.HIGH) String customerId) {
			return process(customerId);
		}

		@Observed(name = "payment.charge.async")
		public CompletionStage<String> chargeAsync(
				@ObservationKeyValue(key = "currency", cardinality = Cardinality.LOW) String currency,
				@ObservationKeyValue(key = "customer_id", cardinality = Cardinality.HIGH) String customerId) {
			return CompletableFuture.supplyAsync(() -> process(customerId));
		}

	}

	/**
	 * Annotated on the interface only.
	 */
	public interface Shipping {

		@Observed(name = "shipping.quote")
		String quote(@ObservationKeyValue(key = "carrier", cardinality = Cardinality.LOW) String carrier,
				@ObservationKeyValue(key = "order_id", cardinality = Cardinality.HIGH) String orderId);

		@Observed(name = "shipping.quote.async")
		CompletionStage<String> quoteAsync(
				@ObservationKeyValue(key = "carrier", cardinality = Cardinality.LOW) String carrier,
				@ObservationKeyValue(key = "order_id", cardinality = Cardinality.HIGH) String orderId);

	}

	@Service
	static class ShippingService implements Shipping {

		@Override
		public String quote(String carrier, String orderId) {
			return process(orderId);
		}

		@Override
		public CompletionStage<String> quoteAsync(String carrier, String orderId) {
			return CompletableFuture.supplyAsync(() -> process(orderId));
		}

	}

	@RestController
	static class CheckoutController {

		private final PaymentService payments;

		private final Shipping shipping;

		CheckoutController(PaymentService payments, Shipping shipping) {
			this.payments = payments;
			this.shipping = shipping;
		}

		@GetMapping("/charge")
		ResponseEntity<String> charge(@RequestParam String currency, @RequestParam String customer) {
			try {
				return ResponseEntity.ok(this.payments.charge(currency, customer));
			}
			catch (IllegalStateException ex) {
				return ResponseEntity.status(422).body(ex.getMessage());
			}
		}

		@GetMapping("/charge-async")
		CompletionStage<ResponseEntity<String>> chargeAsync(@RequestParam String currency,
				@RequestParam String customer) {
			return respond(this.payments.chargeAsync(currency, customer));
		}

		@GetMapping("/quote")
		ResponseEntity<String> quote(@RequestParam String carrier, @RequestParam String order) {
			try {
				return ResponseEntity.ok(this.shipping.quote(carrier, order));
			}
			catch (IllegalStateException ex) {
				return ResponseEntity.status(422).body(ex.getMessage());
			}
		}

		@GetMapping("/quote-async")
		CompletionStage<ResponseEntity<String>> quoteAsync(@RequestParam String carrier, @RequestParam String order) {
			return respond(this.shipping.quoteAsync(carrier, order));
		}

		// The stage @Observed returns completes after the observation stopped
		private static CompletionStage<ResponseEntity<String>> respond(CompletionStage<String> result) {
			return result.handle((body, error) -> (error != null) ? ResponseEntity.status(422).body("rejected")
					: ResponseEntity.ok(body));
		}

	}

}
