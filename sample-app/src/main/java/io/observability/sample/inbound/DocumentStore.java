package io.observability.sample.inbound;

/**
 * Stores raw documents.
 *
 * @author Observability Spring Boot contributors
 */
public interface DocumentStore {

	/**
	 * Store the content of a document.
	 * @param document the document
	 * @return where it is stored
	 */
	String store(InboundDocument document);

	/**
	 * Load the content of a stored document.
	 * @param location where it is stored, as returned by {@link #store}
	 * @return the content
	 */
	String load(String location);

}
