package io.observability.spring.tracing.autoconfigure;

import java.time.Duration;

import io.observability.spring.internal.PropertyBounds;
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
	 * switch, span export metrics and tail sampling.
	 */
	private boolean enabled = true;

	/**
	 * Deployment environment, for example "production", exported as the
	 * "deployment.environment" and "deployment.environment.name" resource attributes.
	 */
	private @Nullable String deploymentEnvironment;

	private final Exemplars exemplars = new Exemplars();

	private final TailSampling tailSampling = new TailSampling();

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

	public TailSampling getTailSampling() {
		return this.tailSampling;
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

	/**
	 * Tail sampling: traces the head sampler did not sample are recorded, buffered per
	 * local trace and exported when they failed or were slow.
	 */
	public static class TailSampling {

		/**
		 * Whether to record the spans the head sampler drops and export the local traces
		 * that failed or were slow. Slow means above
		 * "observability.web.slow-request-threshold" for a trace whose local root is a
		 * server request and above "observability.operations.slow-threshold" otherwise.
		 */
		private boolean enabled = true;

		/**
		 * Whether a server response with a 4xx status keeps its trace, like a 5xx status
		 * does.
		 */
		private boolean keepClientErrors;

		/**
		 * Maximum number of spans buffered for one local trace; later spans of that trace
		 * are dropped and counted, except failed spans and local roots, which take the
		 * place of a buffered span that is neither.
		 */
		private int maxSpansPerTrace = 1000;

		/**
		 * Maximum number of spans buffered in total across all unfinished local traces;
		 * spans beyond it are dropped and counted, except failed spans and local roots,
		 * which take the place of a buffered span of their trace that is neither.
		 */
		private int maxBufferedSpans = 10000;

		/**
		 * Maximum time a local trace stays buffered; the spans of a longer one are
		 * dropped and counted. Also how long after a kept local trace ended a span of it
		 * that ends late (asynchronous work) is still exported.
		 */
		private Duration maxBufferTime = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isKeepClientErrors() {
			return this.keepClientErrors;
		}

		public void setKeepClientErrors(boolean keepClientErrors) {
			this.keepClientErrors = keepClientErrors;
		}

		public int getMaxSpansPerTrace() {
			return this.maxSpansPerTrace;
		}

		public void setMaxSpansPerTrace(int maxSpansPerTrace) {
			Assert.isTrue(maxSpansPerTrace > 0,
					() -> PREFIX + ".tail-sampling.max-spans-per-trace must be positive, was " + maxSpansPerTrace);
			this.maxSpansPerTrace = maxSpansPerTrace;
		}

		public int getMaxBufferedSpans() {
			return this.maxBufferedSpans;
		}

		public void setMaxBufferedSpans(int maxBufferedSpans) {
			Assert.isTrue(maxBufferedSpans > 0,
					() -> PREFIX + ".tail-sampling.max-buffered-spans must be positive, was " + maxBufferedSpans);
			this.maxBufferedSpans = maxBufferedSpans;
		}

		public Duration getMaxBufferTime() {
			return this.maxBufferTime;
		}

		public void setMaxBufferTime(Duration maxBufferTime) {
			this.maxBufferTime = PropertyBounds.positive(PREFIX + ".tail-sampling.max-buffer-time", maxBufferTime);
		}

	}

}
