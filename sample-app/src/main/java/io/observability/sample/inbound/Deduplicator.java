package io.observability.sample.inbound;

import java.util.Optional;

/**
 * Recognises documents that were already received, such as an email delivered twice.
 *
 * @author Observability Spring Boot contributors
 */
@FunctionalInterface
public interface Deduplicator {

	/**
	 * Deduplicator that lets every document through.
	 */
	Deduplicator NONE = (document) -> Optional.empty();

	/**
	 * Claim a document: the first claim of a given source, customer and content wins.
	 * @param document the document
	 * @return the ID of the document that claimed the same content before, or empty if
	 * this document is the first
	 */
	Optional<String> claim(InboundDocument document);

}
