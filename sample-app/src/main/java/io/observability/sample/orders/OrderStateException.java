package io.observability.sample.orders;

/**
 * Thrown when an order is not in a state that allows an action.
 *
 * @author Observability Spring Boot contributors
 */
public class OrderStateException extends RuntimeException {

	OrderStateException(String message) {
		super(message);
	}

}
