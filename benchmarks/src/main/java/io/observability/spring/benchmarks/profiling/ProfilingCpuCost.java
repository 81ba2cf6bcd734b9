package io.observability.spring.benchmarks.profiling;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.observability.spring.benchmarks.profiling.ProfilingBenchmark.EmptyHandler;
import io.observability.spring.profiling.internal.HotFramesObservationFilter;
import io.observability.spring.profiling.internal.ProfilingObservationHandler;
import io.observability.spring.profiling.internal.SlowCallProfiler;

/**
 * The costs of {@link ProfilingBenchmark} in CPU time rather than wall time, which a
 * machine shared with other work inflates by however long the threads wait for a CPU: the
 * CPU time per fast call, without and with profiling, in interleaved rounds; and the
 * watchdog's CPU time per sample while threads 120 frames deep burn CPU in slow calls.
 * Run with {@code java -cp benchmarks/target/benchmarks.jar} and this class name.
 *
 * @author Observability Spring Boot contributors
 */
public final class ProfilingCpuCost {

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private static volatile Object sink;

	private static volatile boolean stopped;

	private ProfilingCpuCost() {
	}

	public static void main(String[] args) throws Exception {
		fastCalls();
		for (int slowThreads : new int[] { 1, 8 }) {
			samples(slowThreads);
		}
	}

	private static void fastCalls() {
		ObservationRegistry baseline = ObservationRegistry.create();
		baseline.observationConfig().observationHandler(new EmptyHandler());
		SlowCallProfiler profiler = new SlowCallProfiler(Duration.ofMillis(20), 0.5, 500, 256, 4, 3, List.of());
		ObservationRegistry profiled = ObservationRegistry.create();
		profiled.observationConfig()
			.observationHandler(new EmptyHandler())
			.observationHandler(new ProfilingObservationHandler(profiler, (context) -> Duration.ofSeconds(1)))
			.observationFilter(new HotFramesObservationFilter(profiler));
		int calls = 300_000;
		for (int warmUp = 0; warmUp < 2; warmUp++) {
			cpuPerCall(baseline, calls);
			cpuPerCall(profiled, calls);
		}
		int rounds = 7;
		double[] withoutProfiling = new double[rounds];
		double[] withProfiling = new double[rounds];
		double[] difference = new double[rounds];
		for (int round = 0; round < rounds; round++) {
			withoutProfiling[round] = cpuPerCall(baseline, calls);
			withProfiling[round] = cpuPerCall(profiled, calls);
			difference[round] = withProfiling[round] - withoutProfiling[round];
		}
		profiler.close();
		System.out.printf("fast call, CPU ns per call over %d rounds of %d calls (median, min-max):%n", rounds, calls);
		System.out.printf("  without profiling %s%n", summary(withoutProfiling));
		System.out.printf("  with profiling    %s%n", summary(withProfiling));
		System.out.printf("  difference        %s%n", summary(difference));
	}

	private static double cpuPerCall(ObservationRegistry registry, int calls) {
		long start = threads.getCurrentThreadCpuTime();
		for (int i = 0; i < calls; i++) {
			sink = Observation.createNotStarted("call", registry).observe(() -> "done");
		}
		return (double) (threads.getCurrentThreadCpuTime() - start) / calls;
	}

	private static void samples(int slowThreads) throws Exception {
		SlowCallProfiler profiler = new SlowCallProfiler(Duration.ofMillis(20), 0, Integer.MAX_VALUE, 256, slowThreads,
				3, List.of());
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new ProfilingObservationHandler(profiler, (context) -> Duration.ofNanos(1)))
			.observationFilter(new HotFramesObservationFilter(profiler));
		stopped = false;
		CountDownLatch started = new CountDownLatch(slowThreads);
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < slowThreads; i++) {
			Thread worker = new Thread(
					() -> Observation.createNotStarted("slow", registry).observe(() -> descendAndBurn(120, started)),
					"slow-call-" + i);
			worker.start();
			workers.add(worker);
		}
		started.await();
		Thread watchdog = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("observability-slow-call-profiler") && thread.isAlive())
			.findFirst()
			.orElseThrow();
		long samplesBefore = profiler.samplesTaken();
		long cpuBefore = threads.getThreadCpuTime(watchdog.getId());
		long wallBefore = System.nanoTime();
		Thread.sleep(5_000);
		long samples = profiler.samplesTaken() - samplesBefore;
		long cpu = threads.getThreadCpuTime(watchdog.getId()) - cpuBefore;
		long wall = System.nanoTime() - wallBefore;
		stopped = true;
		for (Thread worker : workers) {
			worker.join();
		}
		profiler.close();
		System.out.printf("%d slow threads: %d samples in %.1f s, watchdog CPU %.1f ms: %.1f µs per sample%n",
				slowThreads, samples, wall / 1e9, cpu / 1e6, (samples > 0) ? cpu / 1e3 / samples : Double.NaN);
	}

	private static Object descendAndBurn(int depth, CountDownLatch started) {
		if (depth > 0) {
			return descendAndBurn(depth - 1, started);
		}
		started.countDown();
		long value = 17;
		while (!stopped) {
			for (int i = 0; i < 10_000; i++) {
				value = value * 31 + (value >>> 7) + i;
			}
			sink = value;
		}
		return value;
	}

	private static String summary(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return String.format("%.0f (%.0f-%.0f)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
	}

}
