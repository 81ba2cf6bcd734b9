package io.observability.spring.tracing;

import java.util.Set;
import java.util.stream.Collectors;

import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

/**
 * The live worker threads of OpenTelemetry's {@link BatchSpanProcessor}s in this JVM.
 *
 * @author Observability Spring Boot contributors
 */
public final class BatchSpanWorkerThreads {

	private BatchSpanWorkerThreads() {
	}

	/**
	 * Return the live worker threads; one of a processor shut down before may still be
	 * stopping, so compare the threads themselves, not their number.
	 * @return the threads, in a set the caller may change
	 */
	public static Set<Thread> live() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("BatchSpanProcessor_WorkerThread"))
			.collect(Collectors.toSet());
	}

}
