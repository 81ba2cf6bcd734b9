package io.observability.sample.erp;

/**
 * Thrown when the ERP does not answer in time: whether it accepted the order is unknown.
 *
 * @author Observability Spring Boot contributors
 */
public class ErpTimeoutException extends ErpException {

	ErpTimeoutException(String message, Throwable cause) {
		super(message, cause);
	}

}
