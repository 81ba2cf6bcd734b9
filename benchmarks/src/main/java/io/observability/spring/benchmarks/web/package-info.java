/**
 * Benchmarks of the request ID and timing filters.
 */
@NullMarked
package io.observability.spring.benchmarks.web;

import org.jspecify.annotations.NullMarked;
