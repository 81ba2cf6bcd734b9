package io.observability.spring.health;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;

/**
 * Callback notified of the checks of bounded dependencies. Every bean of this type is
 * notified, in order; an exception it throws is logged and ignored.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface HealthCheckListener {

	/**
	 * Called when a check has completed, possibly after its callers stopped waiting.
	 * @param name the name of the checked component, for example {@code db}
	 * @param health the result of the check
	 * @param duration how long the check took
	 */
	void onCheckCompleted(String name, Health health, Duration duration);

	/**
	 * Called when a check passes its deadline without a result; the component then reads
	 * {@code DOWN}.
	 * @param name the name of the checked component
	 * @param timeout the deadline the check missed
	 */
	default void onCheckTimedOut(String name, Duration timeout) {
	}

	/**
	 * Called when a check that timed out is still running when a new check is due: its
	 * thread is interrupted and its result, if any, ignored.
	 * @param name the name of the checked component
	 */
	default void onCheckAbandoned(String name) {
	}

}
