/**
 * Trace export support: metrics of the OpenTelemetry span export pipeline.
 */
@NullMarked
package io.observability.spring.tracing;

import org.jspecify.annotations.NullMarked;
