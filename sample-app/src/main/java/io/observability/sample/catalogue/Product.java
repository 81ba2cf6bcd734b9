package io.observability.sample.catalogue;

import java.io.Serial;
import java.io.Serializable;

/**
 * A product of the catalogue.
 *
 * @param sku the stock-keeping unit, the product code
 * @param name the product name
 * @param keywords words a customer may use for it, separated by spaces
 * @author Observability Spring Boot contributors
 */
public record Product(String sku, String name, String keywords) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

}
