package io.observability.sample.orders;

/**
 * Thrown when an order does not exist.
 *
 * @author Observability Spring Boot contributors
 */
public class OrderNotFoundException extends RuntimeException {

	OrderNotFoundException(String id) {
		super("No order " + id);
	}

}
