/**
 * Annotated domain operations: one Micrometer observation per call of a method annotated
 * with {@link io.observability.spring.operation.ObservedOperation}.
 */
@NullMarked
package io.observability.spring.operation;

import org.jspecify.annotations.NullMarked;
