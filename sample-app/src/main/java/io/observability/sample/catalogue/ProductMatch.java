package io.observability.sample.catalogue;

import io.observability.sample.extraction.OrderLineItem;

/**
 * The product an order line was matched to.
 *
 * @param line the order line
 * @param product the best matching product
 * @param confidence how well the line matches the product, from 0 to 1
 * @author Observability Spring Boot contributors
 */
public record ProductMatch(OrderLineItem line, Product product, double confidence) {

}
