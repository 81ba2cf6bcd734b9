/**
 * Benchmarks of the profiling of slow calls: what a fast call pays, what a sample costs.
 */
@NullMarked
package io.observability.spring.benchmarks.profiling;

import org.jspecify.annotations.NullMarked;
