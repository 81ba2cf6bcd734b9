package io.observability.spring.tracing.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Configuration properties of the starter's trace export.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties(ObservabilityTracingProperties.PREFIX)
public class ObservabilityTracingProperties {

	/**
	 * Prefix of the tracing properties.
	 */
	public static final String PREFIX = "observability.tracing";

	/**
	 * Whether to enable the starter's tracing support: resource attributes, exemplar
	 * switch and span export metrics.
	 */
	private boolean enabled = true;

	/**
	 * Deployment environment, for example "production", exported as the
	 * "deployment.environment" and "deployment.environment.name" resource attributes.
	 */
	private @Nullable String deploymentEnvironment;

	private final Exemplars exemplars = new Exemplars();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getDeploymentEnvironment() {
		return this.deploymentEnvironment;
	}

	public void setDeploymentEnvironment(@Nullable String deploymentEnvironment) {
		Assert.isTrue(deploymentEnvironment == null || !deploymentEnvironment.isBlank(),
				"'deploymentEnvironment' must not be blank");
		this.deploymentEnvironment = deploymentEnvironment;
	}

	public Exemplars getExemplars() {
		return this.exemplars;
	}

	/**
	 * Trace IDs as exemplars in the OpenMetrics scrape.
	 */
	public static class Exemplars {

		/**
		 * Whether to attach trace IDs as exemplars to histogram buckets and counters in
		 * the OpenMetrics scrape. Turn off for Prometheus before 2.43, which rejects the
		 * whole scrape when an exemplar sits on a "_count" line.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
