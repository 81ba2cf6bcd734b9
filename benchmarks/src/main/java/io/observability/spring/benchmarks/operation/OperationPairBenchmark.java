package io.observability.spring.benchmarks.operation;

import java.util.concurrent.TimeUnit;

import io.observability.spring.benchmarks.operation.BenchmarkServices.Document;
import io.observability.spring.benchmarks.operation.BenchmarkServices.ObservedKeyValueService;
import io.observability.spring.benchmarks.operation.BenchmarkServices.ObservedService;
import io.observability.spring.benchmarks.operation.BenchmarkServices.TimedService;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same {@code @Observed} call with Spring Boot's {@code ObservedAspect} alone and
 * with the starter's extras, measured in one JVM and one thread, alternating every
 * {@value #BLOCK} calls: the two contexts of {@link OperationBenchmark} side by side,
 * each block timed with {@link System#nanoTime()}, the order of the two blocks swapped at
 * every invocation. Whatever moves the machine's speed during a run (another process, a
 * GC, the other core's work) hits both alike, and both run the same compiled code for
 * what they share, so the ratio is resolved far better than by comparing two forks, which
 * differ by up to ±30 % here from one JVM to the next.
 * <p>
 * The primary score is the mean of the two; the ratio is in the secondary results:
 * {@code bootNanosPerCall}, {@code starterNanosPerCall} and {@code starterPerBoot} for
 * each iteration.
 *
 * @author Observability Spring Boot contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class OperationPairBenchmark {

	static final int BLOCK = 64;

	private final Document document = new Document("doc-4711", "EMAIL");

	private ConfigurableApplicationContext boot;

	private ConfigurableApplicationContext starter;

	private ObservedService observed;

	private ObservedService observedWithExtras;

	private ObservedKeyValueService observedKeyValue;

	private ObservedKeyValueService observedKeyValueWithExtras;

	private TimedService timed;

	@Setup
	public void start() {
		this.boot = OperationBenchmark.run("observability.enabled=false");
		this.starter = OperationBenchmark.run("observability.enabled=true");
		this.observed = this.boot.getBean(ObservedService.class);
		this.observedWithExtras = this.starter.getBean(ObservedService.class);
		this.observedKeyValue = this.boot.getBean(ObservedKeyValueService.class);
		this.observedKeyValueWithExtras = this.starter.getBean(ObservedKeyValueService.class);
		this.timed = this.boot.getBean(TimedService.class);
	}

	@TearDown
	public void stop() {
		this.starter.close();
		this.boot.close();
	}

	@Benchmark
	@OperationsPerInvocation(2 * BLOCK)
	public int observedBootAndStarter(Split split) {
		return pair(split, this.observed, this.observedWithExtras);
	}

	/**
	 * Boot's {@code @Timed} path against the starter's {@code @Observed} path with every
	 * extra: {@code bootNanosPerCall} is the {@code @Timed} call here.
	 * @param split the time of each side
	 * @return the calls' results
	 */
	@Benchmark
	@OperationsPerInvocation(2 * BLOCK)
	public int timedBootAndObservedStarter(Split split) {
		return pair(split, this.timed, this.observedWithExtras);
	}

	@Benchmark
	@OperationsPerInvocation(2 * BLOCK)
	public int observedBootAndStarterWithKeyValueExpression(Split split) {
		return pair(split, this.observedKeyValue, this.observedKeyValueWithExtras);
	}

	// Boot's block and the starter's, in the order that alternates at every invocation
	private int pair(Split split, Object bootService, Object starterService) {
		if (split.swap()) {
			return timed(split, starterService, true) + timed(split, bootService, false);
		}
		return timed(split, bootService, false) + timed(split, starterService, true);
	}

	private int timed(Split split, Object service, boolean starter) {
		long start = System.nanoTime();
		int result = calls(service);
		split.add(starter, System.nanoTime() - start);
		return result;
	}

	private int calls(Object service) {
		int result = 0;
		if (service instanceof ObservedService observedService) {
			for (int i = 0; i < BLOCK; i++) {
				result += observedService.handle(this.document);
			}
		}
		else if (service instanceof TimedService timedService) {
			for (int i = 0; i < BLOCK; i++) {
				result += timedService.handle(this.document);
			}
		}
		else {
			ObservedKeyValueService keyValueService = (ObservedKeyValueService) service;
			for (int i = 0; i < BLOCK; i++) {
				result += keyValueService.handle(this.document);
			}
		}
		return result;
	}

	/**
	 * Time spent in each context's blocks during one iteration.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class Split {

		long bootNanos;

		long starterNanos;

		long bootCalls;

		long starterCalls;

		private boolean swapped;

		@Setup(Level.Iteration)
		public void reset() {
			this.bootNanos = 0;
			this.starterNanos = 0;
			this.bootCalls = 0;
			this.starterCalls = 0;
		}

		void add(boolean starter, long nanos) {
			if (starter) {
				this.starterNanos += nanos;
				this.starterCalls += BLOCK;
			}
			else {
				this.bootNanos += nanos;
				this.bootCalls += BLOCK;
			}
		}

		boolean swap() {
			this.swapped = !this.swapped;
			return this.swapped;
		}

		public double bootNanosPerCall() {
			return (this.bootCalls > 0) ? (double) this.bootNanos / this.bootCalls : Double.NaN;
		}

		public double starterNanosPerCall() {
			return (this.starterCalls > 0) ? (double) this.starterNanos / this.starterCalls : Double.NaN;
		}

		public double starterPerBoot() {
			return (this.bootNanos > 0) ? (double) this.starterNanos / this.bootNanos : Double.NaN;
		}

	}

}
