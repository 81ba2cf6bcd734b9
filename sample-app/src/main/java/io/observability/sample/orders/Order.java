package io.observability.sample.orders;

import java.time.Instant;
import java.util.List;

import io.observability.sample.inbound.InboundMessage.Source;
import org.jspecify.annotations.Nullable;

/**
 * An order drafted from an inbound message.
 *
 * @param id the order ID
 * @param messageId the inbound message (and document) it was drafted from
 * @param source the channel the message arrived through
 * @param customer the ordering customer
 * @param status where the order is in its life
 * @param lines the order lines
 * @param erpReference the ERP's order number, once pushed
 * @param failureReason why the last push to the ERP failed, if it did
 * @param createdAt when it was drafted
 * @param updatedAt when it last changed
 * @author Observability Spring Boot contributors
 */
public record Order(String id, String messageId, Source source, String customer, Status status, List<Line> lines,
		@Nullable String erpReference, @Nullable String failureReason, Instant createdAt, Instant updatedAt) {

	/**
	 * Return whether a line was matched with a confidence low enough to deserve a look
	 * before approval.
	 * @return whether the order needs a review
	 */
	public boolean isReviewRequired() {
		return this.lines.stream().anyMatch((line) -> line.confidence() < Line.REVIEW_BELOW);
	}

	/**
	 * A line of an order.
	 *
	 * @param lineNumber the 1-based position of the line
	 * @param description the product as the customer wrote it
	 * @param quantity the ordered quantity
	 * @param sku the matched product
	 * @param confidence how well the line matched the product, from 0 to 1
	 */
	public record Line(int lineNumber, String description, int quantity, String sku, double confidence) {

		static final double REVIEW_BELOW = 0.8;

	}

	/**
	 * Where an order is in its life.
	 */
	public enum Status {

		/**
		 * Drafted, waiting for approval.
		 */
		DRAFT,

		/**
		 * Approved, being pushed to the ERP.
		 */
		APPROVED,

		/**
		 * Accepted by the ERP.
		 */
		PUSHED,

		/**
		 * Approved, but the ERP did not accept it; approving again retries.
		 */
		PUSH_FAILED

	}

}
