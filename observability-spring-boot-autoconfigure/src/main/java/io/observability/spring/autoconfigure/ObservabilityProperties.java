package io.observability.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Top-level configuration properties of the observability starter.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties(ObservabilityProperties.PREFIX)
public class ObservabilityProperties {

	/**
	 * Prefix of every property of the starter.
	 */
	public static final String PREFIX = "observability";

	/**
	 * Whether to enable the observability starter. When disabled, none of its features
	 * are configured and none of its defaults for Spring Boot's own properties apply.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
