package io.observability.sample.erp;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the ERP does not accept an order.
 *
 * @author Observability Spring Boot contributors
 */
public class ErpException extends RuntimeException {

	ErpException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
