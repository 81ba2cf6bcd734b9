package io.observability.sample.catalogue;

/**
 * Thrown when an order line matches no product of the catalogue well enough.
 *
 * @author Observability Spring Boot contributors
 */
public class UnmatchedProductException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message which line did not match
	 */
	public UnmatchedProductException(String message) {
		super(message);
	}

}
