package io.observability.sample.erp;

/**
 * The ERP's answer to an accepted order.
 *
 * @param reference the ERP's order number
 * @author Observability Spring Boot contributors
 */
public record ErpReceipt(String reference) {

}
