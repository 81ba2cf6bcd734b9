/**
 * JMH benchmarks of the JSON log encoding against Logback's pattern layout and Spring
 * Boot's own structured formats.
 */
@NullMarked
package io.observability.spring.benchmarks.logging;

import org.jspecify.annotations.NullMarked;
