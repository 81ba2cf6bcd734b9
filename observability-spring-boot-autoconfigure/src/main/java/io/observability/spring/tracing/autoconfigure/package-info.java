/**
 * Auto-configuration for OTLP trace export: resource attributes, exemplars and span
 * export metrics.
 */
@NullMarked
package io.observability.spring.tracing.autoconfigure;

import org.jspecify.annotations.NullMarked;
