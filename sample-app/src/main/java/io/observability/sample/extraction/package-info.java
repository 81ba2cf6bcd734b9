/**
 * Extraction of order lines from raw documents.
 */
@NullMarked
package io.observability.sample.extraction;

import org.jspecify.annotations.NullMarked;
