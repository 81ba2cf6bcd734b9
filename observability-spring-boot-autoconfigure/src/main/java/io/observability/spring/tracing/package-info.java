/**
 * Trace export support: metrics of the OpenTelemetry span export pipeline and tail
 * sampling of failed and slow traces.
 */
@NullMarked
package io.observability.spring.tracing;

import org.jspecify.annotations.NullMarked;
