package io.observability.sample.inbound;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A document received from a customer and where it is in the pipeline.
 *
 * @param id the message ID, also the ID of its document
 * @param source the channel it arrived through
 * @param customer the sending customer
 * @param status where the message is in the pipeline
 * @param orderId the draft order made from it, once drafted
 * @param failureReason why it could not be turned into an order, if it could not
 * @param receivedAt when it was received
 * @author Observability Spring Boot contributors
 */
public record InboundMessage(String id, Source source, String customer, Status status, @Nullable String orderId,
		@Nullable String failureReason, Instant receivedAt) {

	/**
	 * Channel a message arrives through.
	 */
	public enum Source {

		/**
		 * An email with the order in its text.
		 */
		EMAIL,

		/**
		 * An EDIFACT ORDERS interchange.
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
		RECEIVED,

		/**
		 * Turned into a draft order.
		 */
		DRAFTED,

		/**
		 * No order lines could be read from the document.
		 */
		UNREADABLE,

		/**
		 * A line did not match any product of the catalogue.
		 */
		UNMATCHED,

		/**
		 * Processing failed unexpectedly.
		 */
		FAILED

	}

}
