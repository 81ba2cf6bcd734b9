package io.observability.spring.logging.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * Count of the values the starter's JSON console replaced with a masked stand-in because
 * they could not be written (cycles, throwing getters, types Jackson cannot serialize).
 * Kept in a static counter because the console starts before any meter registry; the
 * logging auto-configuration exports it as the
 * {@code observability.logging.values.replaced} counter.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class LoggedValueReplacements {

	private static final LongAdder count = new LongAdder();

	private LoggedValueReplacements() {
	}

	/**
	 * Number of values replaced since the class was loaded.
	 * @return the number of replaced values
	 */
	public static long count() {
		return count.sum();
	}

	/**
	 * Count one replaced value.
	 */
	public static void increment() {
		count.increment();
	}

}
