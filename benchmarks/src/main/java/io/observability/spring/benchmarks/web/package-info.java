/**
 * Benchmarks of the request ID and timing filters and of the access-log line.
 */
@NullMarked
package io.observability.spring.benchmarks.web;

import org.jspecify.annotations.NullMarked;
