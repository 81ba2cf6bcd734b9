package io.observability.sample.extraction;

/**
 * Thrown when no order lines can be read from a document.
 *
 * @author Observability Spring Boot contributors
 */
public class UnreadableDocumentException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message why the document cannot be read
	 */
	public UnreadableDocumentException(String message) {
		super(message);
	}

}
