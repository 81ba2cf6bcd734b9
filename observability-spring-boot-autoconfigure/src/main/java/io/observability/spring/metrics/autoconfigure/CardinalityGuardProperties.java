package io.observability.spring.metrics.autoconfigure;

import io.observability.spring.internal.PropertyBounds;
import io.observability.spring.metrics.internal.CardinalityGuardMeterFilter;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
	 * Maximum number of distinct values of one tag of one meter, OTHER included. Further
	 * values are recorded as OTHER and counted in observability.metrics.tag.overflow.
	 * Spring Boot's max-uri-tags caps (100 by default) must be at least this, or Boot
	 * drops the meters of URIs past its cap first.
	 */
	private int maxTagValues = 100;

	/**
	 * Maximum number of distinct tag keys of one meter name. Tags with further keys are
	 * dropped and counted in observability.metrics.tag.overflow.
	 */
	private int maxTagKeys = CardinalityGuardMeterFilter.DEFAULT_MAX_TAG_KEYS;

	/**
	 * Maximum number of series (distinct combinations of tag values) of one meter.
	 * Further series are recorded in one overflow series whose tags are OTHER and counted
	 * in observability.metrics.tag.overflow.
	 */
	private int maxSeriesPerMeter = CardinalityGuardMeterFilter.DEFAULT_MAX_SERIES_PER_METER;

	/**
	 * Maximum length of a tag value. Longer values are cut and end with '~' and eight hex
	 * digits of a hash of the whole value, so that distinct values stay distinct.
	 */
	private int maxTagValueLength = CardinalityGuardMeterFilter.DEFAULT_MAX_TAG_VALUE_LENGTH;

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
		this.maxTagValues = PropertyBounds.atLeast("observability.metrics.max-tag-values", maxTagValues, 1);
	}

	public int getMaxTagKeys() {
		return this.maxTagKeys;
	}

	public void setMaxTagKeys(int maxTagKeys) {
		this.maxTagKeys = PropertyBounds.atLeast("observability.metrics.max-tag-keys", maxTagKeys, 1);
	}

	public int getMaxSeriesPerMeter() {
		return this.maxSeriesPerMeter;
	}

	public void setMaxSeriesPerMeter(int maxSeriesPerMeter) {
		this.maxSeriesPerMeter = PropertyBounds.atLeast("observability.metrics.max-series-per-meter", maxSeriesPerMeter,
				1);
	}

	public int getMaxTagValueLength() {
		return this.maxTagValueLength;
	}

	public void setMaxTagValueLength(int maxTagValueLength) {
		this.maxTagValueLength = PropertyBounds.atLeast("observability.metrics.max-tag-value-length", maxTagValueLength,
				CardinalityGuardMeterFilter.MIN_TAG_VALUE_LENGTH);
	}

}
