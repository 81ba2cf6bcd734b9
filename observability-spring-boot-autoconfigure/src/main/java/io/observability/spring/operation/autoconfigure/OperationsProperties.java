package io.observability.spring.operation.autoconfigure;

import java.time.Duration;

import io.observability.spring.autoconfigure.PropertyBounds;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for annotated domain operations.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties("observability.operations")
public class OperationsProperties {

	/**
	 * Whether to observe methods annotated with @ObservedOperation.
	 */
	private boolean enabled = true;

	/**
	 * Duration above which a successful operation is logged at WARN, unless its
	 * annotation sets its own threshold.
	 */
	private Duration slowThreshold = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getSlowThreshold() {
		return this.slowThreshold;
	}

	public void setSlowThreshold(Duration slowThreshold) {
		this.slowThreshold = PropertyBounds.positive("observability.operations.slow-threshold", slowThreshold);
	}

}
