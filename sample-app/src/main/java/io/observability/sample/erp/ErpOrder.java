package io.observability.sample.erp;

import java.util.List;

/**
 * An order as the ERP receives it.
 *
 * @param orderId the order ID in this service
 * @param documentId the document the order was drafted from
 * @param source the channel the document arrived through
 * @param customer the ordering customer
 * @param lines the order lines
 * @author Observability Spring Boot contributors
 */
public record ErpOrder(String orderId, String documentId, String source, String customer, List<Line> lines) {

	/**
	 * A line of an ERP order.
	 *
	 * @param sku the product
	 * @param quantity the ordered quantity
	 */
	public record Line(String sku, int quantity) {

	}

}
