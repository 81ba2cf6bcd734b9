package io.observability.sample.inbound;

import java.time.Instant;

/**
 * A document received from a customer, before extraction.
 *
 * @param id the message ID
 * @param source the channel it arrived through
 * @param customer the sending customer
 * @param content the raw document
 * @param status where the message is in the pipeline
 * @param receivedAt when it was received
 * @author Observability Spring Boot contributors
 */
public record InboundMessage(String id, Source source, String customer, String content, Status status,
		Instant receivedAt) {

	/**
	 * Channel a message arrives through.
	 */
	public enum Source {

		/**
		 * An email with the document attached.
		 */
		EMAIL,

		/**
		 * An EDI interchange.
		 */
		EDI,

		/**
		 * A call to the service's own API.
		 */
		API

	}

	/**
	 * Where a message is in the pipeline.
	 */
	public enum Status {

		/**
		 * Stored, not yet processed.
		 */
		RECEIVED

	}

}
