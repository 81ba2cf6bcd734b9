package io.observability.spring.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Checks of the starter's numeric properties, so that a value out of range, absurd or
 * overflowing fails at start-up with a message naming the property and its allowed range
 * instead of an arithmetic error later.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class PropertyBounds {

	/**
	 * Longest duration the starter accepts: far beyond any sensible setting and far from
	 * the 292 years after which a duration in nanoseconds overflows.
	 */
	public static final Duration MAX_DURATION = Duration.ofDays(365);

	private PropertyBounds() {
	}

	/**
	 * Check that a count lies within a range.
	 * @param property the property's name
	 * @param value the value
	 * @param min the smallest allowed value
	 * @param max the largest allowed value
	 * @return the value
	 * @throws IllegalArgumentException naming the property and the range if the value is
	 * out of range
	 */
	public static int between(String property, int value, int min, int max) {
		if (value < min || value > max) {
			throw outOfRange(property, value, min + " and " + max);
		}
		return value;
	}

	/**
	 * Check that a count is at least a minimum.
	 * @param property the property's name
	 * @param value the value
	 * @param min the smallest allowed value
	 * @return the value
	 * @throws IllegalArgumentException naming the property and the range if the value is
	 * out of range
	 */
	public static int atLeast(String property, int value, int min) {
		return between(property, value, min, Integer.MAX_VALUE);
	}

	/**
	 * Check that a duration is positive and at most {@link #MAX_DURATION}.
	 * @param property the property's name
	 * @param value the value
	 * @return the value
	 * @throws IllegalArgumentException naming the property and the range if the value is
	 * missing or out of range
	 */
	public static Duration positive(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
			throw outOfRange(property, value, "0 (exclusive) and " + format(MAX_DURATION));
		}
		return value;
	}

	/**
	 * Check that a duration is zero or positive and at most {@link #MAX_DURATION}.
	 * @param property the property's name
	 * @param value the value
	 * @return the value
	 * @throws IllegalArgumentException naming the property and the range if the value is
	 * missing or out of range
	 */
	public static Duration nonNegative(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.compareTo(MAX_DURATION) > 0) {
			throw outOfRange(property, value, "0 and " + format(MAX_DURATION));
		}
		return value;
	}

	private static IllegalArgumentException outOfRange(String property, @Nullable Object value, String range) {
		String shown = (value instanceof Duration duration) ? format(duration) : String.valueOf(value);
		return new IllegalArgumentException(property + " must be between " + range + ", was " + shown);
	}

	private static String format(Duration duration) {
		return duration.equals(MAX_DURATION) ? "365d" : duration.toString();
	}

}
