/**
 * Dependency health indicators and the bounded, cached, concurrent evaluation of
 * dependency checks.
 */
@NullMarked
package io.observability.spring.health;

import org.jspecify.annotations.NullMarked;
