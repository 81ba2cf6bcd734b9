/**
 * Auto-configuration for the starter's metrics support.
 */
@NullMarked
package io.observability.spring.metrics.autoconfigure;

import org.jspecify.annotations.NullMarked;
