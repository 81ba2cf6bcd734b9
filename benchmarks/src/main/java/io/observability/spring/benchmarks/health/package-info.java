/**
 * Readiness latency with hung dependencies: Spring Boot's health indicators against the
 * starter's bounded ones.
 */
@NullMarked
package io.observability.spring.benchmarks.health;

import org.jspecify.annotations.NullMarked;
