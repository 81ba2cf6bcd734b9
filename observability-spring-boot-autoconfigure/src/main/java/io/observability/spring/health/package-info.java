/**
 * Dependency health: the {@link io.observability.spring.health.HealthCheckListener}
 * callback, notified of every bounded dependency check.
 */
@NullMarked
package io.observability.spring.health;

import org.jspecify.annotations.NullMarked;
