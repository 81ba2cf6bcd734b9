package io.observability.spring.metrics.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Configuration properties for the starter's metrics support.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties("observability.metrics")
public class CardinalityGuardProperties {

	/**
	 * Whether to bound the number of distinct values of every tag of every meter.
	 */
	private boolean enabled = true;

	/**
	 * Maximum number of distinct values of one tag of one meter. Further values are
	 * recorded as OTHER and counted in observability.metrics.tag.overflow. Spring Boot's
	 * max-uri-tags caps default to twice this plus two, so that they keep OTHER.
	 */
	private int maxTagValues = 100;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxTagValues() {
		return this.maxTagValues;
	}

	public void setMaxTagValues(int maxTagValues) {
		Assert.isTrue(maxTagValues > 0,
				() -> "observability.metrics.max-tag-values must be positive, was " + maxTagValues);
		this.maxTagValues = maxTagValues;
	}

}
