package io.observability.sample.extraction;

/**
 * A line of an order as read from a document, before product matching.
 *
 * @param lineNumber the 1-based position of the line in the document
 * @param quantity the ordered quantity
 * @param description the product as the customer wrote it: a name or a product code
 * @author Observability Spring Boot contributors
 */
public record OrderLineItem(int lineNumber, int quantity, String description) {

}
