/**
 * Metrics support: a guard that keeps the number of distinct tag values of every meter
 * bounded.
 */
@NullMarked
package io.observability.spring.metrics;

import org.jspecify.annotations.NullMarked;
