package io.observability.spring.benchmarks.profiling;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.observability.spring.profiling.internal.HotFramesObservationFilter;
import io.observability.spring.profiling.internal.ProfilingObservationHandler;
import io.observability.spring.profiling.internal.SlowCallProfiler;
import jdk.jfr.consumer.RecordingStream;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of the profiling of slow calls. {@code fastCall*} run one observation of a call
 * that ends long before it is due for sampling, on a registry with one minimal handler,
 * without and with the profiling handler and filter: the difference is what every fast
 * request and operation pays to register and finish. {@code sample*} take the stacks of
 * threads parked at a depth like a Spring MVC request's, in one batch as the profiler's
 * watchdog does, and one thread at a time as {@code Thread#getStackTrace} would.
 *
 * @author Observability Spring Boot contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProfilingBenchmark {

	@Benchmark
	public Object fastCallBaseline(Registries registries) {
		return Observation.createNotStarted("call", registries.baseline).observe(() -> "done");
	}

	@Benchmark
	public Object fastCallProfiled(Registries registries) {
		return Observation.createNotStarted("call", registries.profiled).observe(() -> "done");
	}

	@Benchmark
	public ThreadInfo[] sampleInOneBatch(SlowThreads slowThreads) {
		return slowThreads.threadMXBean.getThreadInfo(slowThreads.ids, 256);
	}

	@Benchmark
	public int sampleOneThreadAtATime(SlowThreads slowThreads) {
		int frames = 0;
		for (Thread thread : slowThreads.threads) {
			frames += thread.getStackTrace().length;
		}
		return frames;
	}

	/**
	 * A unit of CPU work in a call that is always past its start fraction, so that it is
	 * sampled every 20 ms: by nothing, by the profiler's watchdog, or by a JFR recording
	 * streaming {@code jdk.ExecutionSample} events every 20 ms, as the alternative would.
	 * The difference to {@code none} is what being sampled costs the call's own thread.
	 * @param call the slow call
	 * @return the work's result
	 */
	@Benchmark
	public long workWhileSampled(SlowCall call) {
		long value = call.value;
		for (int i = 0; i < 2_000; i++) {
			value = value * 31 + (value >>> 7) + i;
		}
		call.value = value;
		return value;
	}

	/**
	 * Registries that observe every call: one with an empty handler only, one with the
	 * profiling handler and filter too, behind a profiler whose watchdog runs.
	 */
	@State(Scope.Benchmark)
	public static class Registries {

		final ObservationRegistry baseline = ObservationRegistry.create();

		final ObservationRegistry profiled = ObservationRegistry.create();

		private final SlowCallProfiler profiler = new SlowCallProfiler(Duration.ofMillis(20), 0.5, 500, 256, 4, 3,
				List.of());

		@Setup
		public void setUp() {
			this.baseline.observationConfig().observationHandler(new EmptyHandler());
			this.profiled.observationConfig()
				.observationHandler(new EmptyHandler())
				.observationHandler(new ProfilingObservationHandler(this.profiler, (context) -> Duration.ofSeconds(1)))
				.observationFilter(new HotFramesObservationFilter(this.profiler));
		}

		@TearDown
		public void tearDown() {
			this.profiler.close();
		}

	}

	/**
	 * Threads parked at a stack depth like a request's in a Spring MVC application.
	 */
	@State(Scope.Benchmark)
	public static class SlowThreads {

		@Param({ "1", "8" })
		int count;

		@Param("120")
		int depth;

		final ThreadMXBean threadMXBean = ManagementFactory.getThreadMXBean();

		Thread[] threads;

		long[] ids;

		private volatile boolean stopped;

		@Setup(Level.Trial)
		public void startThreads() throws InterruptedException {
			CountDownLatch parked = new CountDownLatch(this.count);
			this.threads = new Thread[this.count];
			this.ids = new long[this.count];
			for (int i = 0; i < this.count; i++) {
				Thread thread = new Thread(() -> descend(this.depth, parked), "slow-call-" + i);
				thread.setDaemon(true);
				thread.start();
				this.threads[i] = thread;
				this.ids[i] = thread.getId();
			}
			parked.await();
		}

		private void descend(int remaining, CountDownLatch parked) {
			if (remaining > 0) {
				descend(remaining - 1, parked);
				return;
			}
			parked.countDown();
			while (!this.stopped) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			}
		}

		@TearDown(Level.Trial)
		public void stopThreads() {
			this.stopped = true;
		}

	}

	/**
	 * A call open on the benchmark thread for the whole trial, sampled every 20 ms.
	 */
	@State(Scope.Thread)
	public static class SlowCall {

		@Param({ "none", "watchdog", "jfr" })
		String sampler;

		long value = 17;

		private volatile long jfrSamples;

		private final ObservationRegistry registry = ObservationRegistry.create();

		private final SlowCallProfiler profiler = new SlowCallProfiler(Duration.ofMillis(20), 0, Integer.MAX_VALUE, 256,
				4, 3, List.of());

		private @Nullable Observation observation;

		private Observation.@Nullable Scope scope;

		private @Nullable RecordingStream recording;

		@Setup(Level.Trial)
		public void open() {
			if (this.sampler.equals("watchdog")) {
				this.registry.observationConfig()
					.observationHandler(
							new ProfilingObservationHandler(this.profiler, (context) -> Duration.ofNanos(1)))
					.observationFilter(new HotFramesObservationFilter(this.profiler));
				this.observation = Observation.start("slow", this.registry);
				this.scope = this.observation.openScope();
			}
			else if (this.sampler.equals("jfr")) {
				RecordingStream stream = new RecordingStream();
				stream.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(20));
				long thread = Thread.currentThread().getId();
				// What a JFR-based profiler would do: keep the benchmark thread's samples
				stream.onEvent("jdk.ExecutionSample", (event) -> {
					if (event.getThread("sampledThread").getJavaThreadId() == thread) {
						this.jfrSamples = this.jfrSamples + 1;
					}
				});
				stream.startAsync();
				this.recording = stream;
			}
		}

		@TearDown(Level.Trial)
		public void close() {
			if (this.scope != null && this.observation != null) {
				this.scope.close();
				this.observation.stop();
				System.out.println("watchdog samples: " + this.profiler.samplesTaken());
			}
			this.profiler.close();
			if (this.recording != null) {
				this.recording.close();
				System.out.println("JFR samples of the benchmark thread: " + this.jfrSamples);
			}
		}

	}

	/**
	 * Stands for the handlers every real observation has: like Micrometer's meter
	 * handler, it keeps a value in the context, so the context's map exists in both
	 * registries.
	 */
	static final class EmptyHandler implements ObservationHandler<Observation.Context> {

		@Override
		public void onStart(Observation.Context context) {
			context.put(EmptyHandler.class, this);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
