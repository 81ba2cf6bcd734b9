/**
 * JMH benchmarks of the starter's per-request and per-call costs; see
 * {@code docs/benchmarks.md} for how to run them and the recorded results.
 */
@NullMarked
package io.observability.spring.benchmarks;

import org.jspecify.annotations.NullMarked;
