/**
 * The slow-call profiler behind {@code observability.profiling.*}: the watchdog that
 * samples the stacks of slow calls, the observation handler that registers them and the
 * filter that records their hot frames. Internal: it may change without notice.
 */
@NullMarked
package io.observability.spring.profiling.internal;

import org.jspecify.annotations.NullMarked;
