package io.observability.spring.profiling;

import java.time.Duration;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Decides which observations are profiled when slow, and from what duration on they are
 * slow.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface SlowCallThresholds {

	/**
	 * Return the duration above which the call observed with the given context is slow.
	 * Called once when the observation starts, on the thread that starts it; it must be
	 * cheap and must not throw.
	 * @param context the context of an observation that starts
	 * @return the slow threshold, or {@code null} not to profile the call
	 */
	@Nullable Duration thresholdFor(Observation.Context context);

}
