/**
 * Implementation of the metrics features, not an API: the cardinality guard, created by
 * the auto-configuration. Internal: it may change without notice.
 */
@NullMarked
package io.observability.spring.metrics.internal;

import org.jspecify.annotations.NullMarked;
