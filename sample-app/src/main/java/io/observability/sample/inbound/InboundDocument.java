package io.observability.sample.inbound;

import java.util.UUID;

import io.observability.sample.inbound.InboundMessage.Source;

/**
 * The raw document of an inbound message.
 *
 * @param id the document ID, also the message ID
 * @param source the channel it arrived through
 * @param customer the sending customer
 * @param content the raw document
 * @author Observability Spring Boot contributors
 */
public record InboundDocument(String id, Source source, String customer, String content) {

	/**
	 * Create a document with a new ID.
	 * @param source the channel it arrived through
	 * @param customer the sending customer
	 * @param content the raw document
	 * @return the document
	 */
	public static InboundDocument create(Source source, String customer, String content) {
		return new InboundDocument(UUID.randomUUID().toString(), source, customer, content);
	}

	@Override
	public String toString() {
		// Never the content: documents are large and may hold personal data
		return "InboundDocument[id=" + this.id + ", source=" + this.source + ", customer=" + this.customer + "]";
	}

}
