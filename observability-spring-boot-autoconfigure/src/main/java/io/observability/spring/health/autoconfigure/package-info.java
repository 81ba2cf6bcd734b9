/**
 * Auto-configuration for dependency health indicators, bounded health checks, readiness
 * membership, shutdown drain and health metrics.
 */
@NullMarked
package io.observability.spring.health.autoconfigure;

import org.jspecify.annotations.NullMarked;
