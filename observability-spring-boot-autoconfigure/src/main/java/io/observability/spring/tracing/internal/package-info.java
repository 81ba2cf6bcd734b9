/**
 * Implementation of the tracing features, not an API: metrics of the OpenTelemetry span
 * export pipeline and tail sampling of failed and slow traces, created by the
 * auto-configuration. Internal: it may change without notice.
 */
@NullMarked
package io.observability.spring.tracing.internal;

import org.jspecify.annotations.NullMarked;
