package io.observability.spring.health.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jspecify.annotations.Nullable;

/**
 * Starts the thread of one health check. Each check has a thread of its own, so that no
 * pool exists for hung checks to exhaust: a virtual thread on Java 24 and later, where a
 * check blocked inside a {@code synchronized} block no longer pins its carrier (JEP 491),
 * otherwise a daemon platform thread.
 *
 * @author Observability Spring Boot contributors
 */
@FunctionalInterface
interface CheckThreads {

	/**
	 * Start a thread that runs the given task.
	 * @param name the name of the thread
	 * @param task the task
	 * @return the started thread
	 */
	Thread start(String name, Runnable task);

	/**
	 * Return the threads this JVM runs checks on best.
	 * @return virtual threads on Java 24 and later, daemon platform threads before
	 */
	static CheckThreads ofRuntime() {
		MethodHandle virtual = (Runtime.version().feature() >= 24) ? VirtualThreads.starter() : null;
		return (virtual != null) ? new VirtualThreads(virtual) : CheckThreads::platform;
	}

	private static Thread platform(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/**
	 * Virtual threads, through method handles as the baseline is Java 17.
	 */
	final class VirtualThreads implements CheckThreads {

		private final MethodHandle startVirtualThread;

		private VirtualThreads(MethodHandle startVirtualThread) {
			this.startVirtualThread = startVirtualThread;
		}

		static @Nullable MethodHandle starter() {
			try {
				return MethodHandles.publicLookup()
					.findStatic(Thread.class, "startVirtualThread",
							MethodType.methodType(Thread.class, Runnable.class));
			}
			catch (ReflectiveOperationException ex) {
				return null;
			}
		}

		@Override
		public Thread start(String name, Runnable task) {
			try {
				Thread thread = (Thread) this.startVirtualThread.invokeExact(task);
				return thread;
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
