/**
 * Draft orders, their approval and the order API.
 */
@NullMarked
package io.observability.sample.orders;

import org.jspecify.annotations.NullMarked;
