/**
 * The product catalogue and matching of order lines against it.
 */
@NullMarked
package io.observability.sample.catalogue;

import org.jspecify.annotations.NullMarked;
