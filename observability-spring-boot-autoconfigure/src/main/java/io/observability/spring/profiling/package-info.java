/**
 * Profiling of slow calls: the stacks of requests and operations that run past a share of
 * their slow threshold are sampled, and their hot frames recorded on the observation.
 * {@link io.observability.spring.profiling.SlowCallThresholds} decides which calls are
 * profiled and from what duration on.
 */
@NullMarked
package io.observability.spring.profiling;

import org.jspecify.annotations.NullMarked;
