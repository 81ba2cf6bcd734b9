package io.observability.sample.catalogue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Settings of product matching.
 *
 * @author Observability Spring Boot contributors
 */
@ConfigurationProperties("sample.matching")
public class MatchingProperties {

	/**
	 * Confidence, from 0 to 1, below which an order line counts as unmatched.
	 */
	private double minimumConfidence = 0.5;

	public double getMinimumConfidence() {
		return this.minimumConfidence;
	}

	public void setMinimumConfidence(double minimumConfidence) {
		Assert.isTrue(minimumConfidence >= 0 && minimumConfidence <= 1,
				"'sample.matching.minimum-confidence' must be between 0 and 1");
		this.minimumConfidence = minimumConfidence;
	}

}
