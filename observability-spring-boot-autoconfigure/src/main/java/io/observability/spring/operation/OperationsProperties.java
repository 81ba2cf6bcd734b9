package io.observability.spring.operation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.observability.spring.internal.PropertyBounds;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the extras of {@code @Observed} methods.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties("observability.operations")
public class OperationsProperties {

	/**
	 * Whether to add outcome tags, a percentile histogram and a WARN line for failed or
	 * slow calls to @Observed methods, and to give the @Observed, @Timed and @Counted
	 * aspects annotation handlers that search each method for key-value and tag
	 * annotations once instead of on every call.
	 */
	private boolean enabled = true;

	/**
	 * Duration above which a successful @Observed call is logged at WARN.
	 */
	private Duration slowThreshold = Duration.ofSeconds(1);

	/**
	 * Slow thresholds of single operations, by operation name (the @Observed name, or
	 * Class#method when the annotation names none), overriding slow-threshold.
	 */
	private final Map<String, Duration> slowThresholds = new LinkedHashMap<>();

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

	public Map<String, Duration> getSlowThresholds() {
		return this.slowThresholds;
	}

	void validate() {
		this.slowThresholds.forEach((operation, threshold) -> PropertyBounds
			.positive("observability.operations.slow-thresholds[" + operation + "]", threshold));
	}

}
