/**
 * JSON console logging set up before the application context exists, its metrics, and
 * OpenTelemetry's log record processing.
 */
@NullMarked
package io.observability.spring.logging.autoconfigure;

import org.jspecify.annotations.NullMarked;
