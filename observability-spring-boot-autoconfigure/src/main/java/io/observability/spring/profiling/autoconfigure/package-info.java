/**
 * Auto-configuration for the profiling of slow calls.
 */
@NullMarked
package io.observability.spring.profiling.autoconfigure;

import org.jspecify.annotations.NullMarked;
