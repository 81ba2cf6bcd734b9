package com.example.profiling;

import java.util.function.BooleanSupplier;

/**
 * Application code, outside the starter's packages, that burns CPU in a method of its own
 * until it is told to stop.
 *
 * @author Observability Spring Boot contributors
 */
public final class CpuWork {

	private static volatile long sink;

	private CpuWork() {
	}

	/**
	 * Burn CPU until {@code done} answers {@code true}.
	 * @param done checked every few thousand iterations
	 * @return a value that depends on every iteration
	 */
	public static long scoreProducts(BooleanSupplier done) {
		long value = 17;
		while (true) {
			for (int i = 0; i < 20_000; i++) {
				value = value * 31 + (value >>> 7) + i;
			}
			sink = value;
			if (done.getAsBoolean()) {
				return value;
			}
		}
	}

}
