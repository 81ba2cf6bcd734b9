/**
 * Extras for Micrometer's {@code @Observed} methods: outcome tags, a percentile
 * histogram, high-cardinality values in the MDC and one WARN line per failed or slow
 * call.
 */
@NullMarked
package io.observability.spring.operation;

import org.jspecify.annotations.NullMarked;
