package io.observability.sample.catalogue;

import java.util.List;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The product catalogue, read from the {@code product} table and cached (in Redis with
 * the {@code services} profile).
 *
 * @author Observability Spring Boot contributors
 */
@Component
public class ProductCatalogue {

	private final JdbcClient jdbc;

	ProductCatalogue(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Return every product.
	 * @return the products
	 */
	@Cacheable("catalogue")
	public List<Product> products() {
		return List
			.copyOf(this.jdbc.sql("SELECT sku, name, keywords FROM product ORDER BY sku").query(Product.class).list());
	}

}
