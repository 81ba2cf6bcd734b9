/**
 * The small web application that the load benchmark builds in four variants; see
 * {@code benchmarks/load/run.sh}.
 */
@NullMarked
package io.observability.spring.benchmarks.load;

import org.jspecify.annotations.NullMarked;
