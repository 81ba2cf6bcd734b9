/**
 * Push of approved orders to the ERP, and an ERP stub served by this application.
 */
@NullMarked
package io.observability.sample.erp;

import org.jspecify.annotations.NullMarked;
