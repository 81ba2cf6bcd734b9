package io.observability.sample.erp;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Settings of the ERP connection and of the ERP stub this application serves.
 *
 * @author Observability Spring Boot contributors
 */
@ConfigurationProperties("sample.erp")
public class ErpProperties {

	/**
	 * Base URL of the ERP's order API. Defaults to the stub this application serves.
	 */
	private @Nullable String baseUrl;

	/**
	 * Connect timeout of calls to the ERP.
	 */
	private Duration connectTimeout = Duration.ofSeconds(1);

	/**
	 * Read timeout of calls to the ERP.
	 */
	private Duration readTimeout = Duration.ofSeconds(2);

	private final Stub stub = new Stub();

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		Assert.isTrue(!connectTimeout.isNegative() && !connectTimeout.isZero(),
				"'sample.erp.connect-timeout' must be positive");
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		Assert.isTrue(!readTimeout.isNegative() && !readTimeout.isZero(), "'sample.erp.read-timeout' must be positive");
		this.readTimeout = readTimeout;
	}

	public Stub getStub() {
		return this.stub;
	}

	/**
	 * Behaviour of the ERP stub at {@code /erp-stub/orders}. Read on every request, so
	 * that a change takes effect at once.
	 */
	public static class Stub {

		/**
		 * Whether to serve the ERP stub.
		 */
		private boolean enabled = true;

		/**
		 * Share of orders, from 0 to 1, the stub answers with 503 Service Unavailable.
		 */
		private double failureRate = 0.04;

		/**
		 * Share of orders, from 0 to 1, the stub answers only after twice the read
		 * timeout, so that the call times out.
		 */
		private double timeoutRate = 0.02;

		/**
		 * Time the stub takes to accept an order.
		 */
		private Duration latency = Duration.ofMillis(80);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getFailureRate() {
			return this.failureRate;
		}

		public void setFailureRate(double failureRate) {
			Assert.isTrue(failureRate >= 0 && failureRate <= 1,
					"'sample.erp.stub.failure-rate' must be between 0 and 1");
			this.failureRate = failureRate;
		}

		public double getTimeoutRate() {
			return this.timeoutRate;
		}

		public void setTimeoutRate(double timeoutRate) {
			Assert.isTrue(timeoutRate >= 0 && timeoutRate <= 1,
					"'sample.erp.stub.timeout-rate' must be between 0 and 1");
			this.timeoutRate = timeoutRate;
		}

		public Duration getLatency() {
			return this.latency;
		}

		public void setLatency(Duration latency) {
			Assert.isTrue(!latency.isNegative(), "'sample.erp.stub.latency' must not be negative");
			this.latency = latency;
		}

	}

}
