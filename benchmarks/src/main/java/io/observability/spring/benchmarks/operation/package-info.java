/**
 * JMH benchmarks of annotated domain operations against Micrometer's aspects.
 */
@NullMarked
package io.observability.spring.benchmarks.operation;

import org.jspecify.annotations.NullMarked;
