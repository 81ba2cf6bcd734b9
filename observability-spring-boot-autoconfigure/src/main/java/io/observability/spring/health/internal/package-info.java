/**
 * Implementation of dependency health, not an API: the bounded, cached, concurrent
 * evaluation of dependency checks, the object storage indicator, readiness membership,
 * the drain delay and the health metrics, created by the auto-configuration. Internal: it
 * may change without notice.
 */
@NullMarked
package io.observability.spring.health.internal;

import org.jspecify.annotations.NullMarked;
