package io.observability.spring.health;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;

/**
 * Callback notified each time a bounded dependency check completes.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@FunctionalInterface
public interface HealthCheckListener {

	/**
	 * Called when a check has completed, possibly after its caller stopped waiting.
	 * @param name the name of the checked component, for example {@code db}
	 * @param health the result of the check
	 * @param duration how long the check took
	 */
	void onCheckCompleted(String name, Health health, Duration duration);

}
