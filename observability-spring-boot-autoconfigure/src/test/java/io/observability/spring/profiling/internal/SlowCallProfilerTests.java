package io.observability.spring.profiling.internal;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import com.example.profiling.CpuWork;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SlowCallProfiler} with {@link ProfilingObservationHandler} and
 * {@link HotFramesObservationFilter} on a real observation registry and real threads.
 * Work that must be sampled burns CPU until the profiler has taken its samples, so no
 * test races the clock.
 *
 * @author Observability Spring Boot contributors
 */
class SlowCallProfilerTests {

	private static final String BURNING_METHOD = "com.example.profiling.CpuWork.scoreProducts";

	private static final Duration THRESHOLD = Duration.ofMillis(50);

	private static final Duration INTERVAL = Duration.ofMillis(20);

	private final SlowCallProfiler profiler = new SlowCallProfiler(Duration.ofMillis(2), 0.5, 500, 256, 4, 3,
			List.of());

	private final AtomicReference<KeyValue> seenByFirstHandler = new AtomicReference<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	SlowCallProfilerTests() {
		// Registered before the profiling handler: it still sees the hot frames in onStop
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				SlowCallProfilerTests.this.seenByFirstHandler
					.set(context.getHighCardinalityKeyValue(HotFramesObservationFilter.HOT_FRAMES));
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		this.registry.observationConfig()
			.observationHandler(new ProfilingObservationHandler(this.profiler,
					(context) -> context.getName().startsWith("skipped") ? null
							: context.getName().startsWith("patient") ? Duration.ofHours(1) : THRESHOLD))
			.observationFilter(new HotFramesObservationFilter(this.profiler));
	}

	@AfterEach
	void close() {
		this.profiler.close();
		this.executor.shutdownNow();
	}

	@Test
	void slowCallGetsItsHotFramesBeforeAnyHandlerStops() {
		Observation observation = Observation.createNotStarted("matching", this.registry);
		observation.observe(() -> burnUntilSampled(3, THRESHOLD));
		KeyValue hotFrames = observation.getContext().getHighCardinalityKeyValue(HotFramesObservationFilter.HOT_FRAMES);
		assertThat(hotFrames).isNotNull();
		assertThat(hotFrames.getValue()).startsWith(BURNING_METHOD + " ").endsWith("%");
		assertThat(this.seenByFirstHandler.get()).isEqualTo(hotFrames);
	}

	@Test
	void fastCallCarriesNothingAndIsNeverSampled() {
		Observation observation = Observation.createNotStarted("matching", this.registry);
		observation.observe(() -> CpuWork.scoreProducts(() -> true));
		assertThat(observation.getContext().getHighCardinalityKeyValue(HotFramesObservationFilter.HOT_FRAMES)).isNull();
		assertThat(this.seenByFirstHandler.get()).isNull();
		assertThat(this.profiler.samplesTaken()).isZero();
	}

	@Test
	void callSampledButFasterThanItsThresholdCarriesNothing() {
		SlowCallProfiler eager = new SlowCallProfiler(Duration.ofMillis(2), 0, 500, 256, 4, 3, List.of());
		try {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new ProfilingObservationHandler(eager, (context) -> Duration.ofHours(1)))
				.observationFilter(new HotFramesObservationFilter(eager));
			Observation observation = Observation.createNotStarted("matching", registry);
			observation.observe(() -> CpuWork.scoreProducts(() -> eager.samplesTaken() >= 2));
			assertThat(observation.getContext().getHighCardinalityKeyValue(HotFramesObservationFilter.HOT_FRAMES))
				.isNull();
		}
		finally {
			eager.close();
		}
	}

	@Test
	void callTheThresholdsSkipIsNotFollowed() {
		Observation observation = Observation.createNotStarted("skipped", this.registry);
		observation.observe(() -> {
		});
		ProfiledCall call = observation.getContext().get(ProfiledCall.class);
		assertThat(call).isNull();
	}

	@Test
	void asyncWorkIsSampledOnTheThreadThatRunsItNotOnTheOneThatStartedIt() {
		Observation observation = Observation.createNotStarted("matching", this.registry).start();
		CompletableFuture<Long> work;
		try (Observation.Scope scope = observation.openScope()) {
			// As Micrometer's aspect for a CompletionStage, and context propagation on
			// the
			// executor thread
			work = CompletableFuture.supplyAsync(() -> {
				try (Observation.Scope propagated = observation.openScope()) {
					return burnUntilSampled(3, THRESHOLD);
				}
			}, this.executor);
		}
		// The starting thread waits, out of the observation's scope
		work.join();
		observation.stop();
		KeyValue hotFrames = observation.getContext().getHighCardinalityKeyValue(HotFramesObservationFilter.HOT_FRAMES);
		assertThat(hotFrames).isNotNull();
		assertThat(hotFrames.getValue()).isEqualTo(BURNING_METHOD + " 100%");
	}

	@Test
	void samplesOfOneCallAreBounded() throws Exception {
		ManualTime time = new ManualTime();
		SlowCallProfiler bounded = new SlowCallProfiler(INTERVAL, 0, 4, 256, 4, 3, List.of(), time, time);
		ExecutorService worker = Executors.newSingleThreadExecutor();
		try {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new ProfilingObservationHandler(bounded, (context) -> Duration.ofNanos(1)))
				.observationFilter(new HotFramesObservationFilter(bounded));
			Observation observation = Observation.start("matching", registry);
			ProfiledCall call = observation.getContext().getRequired(ProfiledCall.class);
			CountDownLatch inScope = new CountDownLatch(1);
			AtomicBoolean done = new AtomicBoolean();
			CompletableFuture<?> work = CompletableFuture.runAsync(() -> {
				try (Observation.Scope scope = observation.openScope()) {
					inScope.countDown();
					CpuWork.scoreProducts(done::get);
				}
			}, worker);
			inScope.await();
			for (int ticks = 0; bounded.samplesTaken() < 4; ticks++) {
				assertThat(ticks).as("ticks before 4 samples").isLessThan(1000);
				time.wakeUpAfter(time.awaitSleep());
			}
			// The watchdog has moved past this call: several more ticks, no more samples
			for (int ticks = 0; ticks < 5; ticks++) {
				time.wakeUpAfter(time.awaitSleep());
			}
			time.awaitSleep();
			assertThat(call.samples()).isEqualTo(4);
			assertThat(bounded.samplesTaken()).isEqualTo(4);
			done.set(true);
			work.join();
			observation.stop();
			assertThat(observation.getContext().getHighCardinalityKeyValue(HotFramesObservationFilter.HOT_FRAMES))
				.isNotNull();
		}
		finally {
			worker.shutdownNow();
			bounded.close();
		}
	}

	@Test
	void watchdogAtRestSleepsForTheSmallestStartOffset() throws Exception {
		ManualTime time = new ManualTime();
		try (SlowCallProfiler profiler = manualProfiler(time)) {
			profiler.finish(profiler.register(Duration.ofSeconds(1).toNanos()));
			int wakeUps = 0;
			for (long elapsed = 0; elapsed < Duration.ofSeconds(10).toNanos(); wakeUps++) {
				long sleep = time.awaitSleep();
				assertThat(sleep).isEqualTo(Duration.ofMillis(500).toNanos());
				time.wakeUpAfter(sleep);
				elapsed += sleep;
			}
			assertThat(wakeUps).isEqualTo(20);
			assertThat(time.unparks()).isZero();
		}
	}

	@Test
	void constantStreamOfFastCallsWakesTheWatchdogAboutTwiceASecond() throws Exception {
		ManualTime time = new ManualTime();
		long threshold = Duration.ofSeconds(1).toNanos();
		long every = Duration.ofMillis(2).plusNanos(500_000).toNanos();
		try (SlowCallProfiler profiler = manualProfiler(time)) {
			// 400 calls a second, each running 2 ms, so that some run when the watchdog
			// wakes up
			ProfiledCall running = profiler.register(threshold);
			int wakeUps = 0;
			for (long elapsed = 0; elapsed < Duration.ofSeconds(10).toNanos(); wakeUps++) {
				long sleep = time.awaitSleep();
				assertThat(sleep).isBetween(Duration.ofMillis(498).toNanos(), Duration.ofMillis(500).toNanos());
				if (wakeUps > 0) {
					// Drained at each wake-up: it holds no finished call for long
					assertThat(profiler.registeredCalls()).isZero();
				}
				for (long slept = 0; slept + every <= sleep; slept += every) {
					time.advance(Duration.ofMillis(2).toNanos());
					profiler.finish(running);
					time.advance(every - Duration.ofMillis(2).toNanos());
					running = profiler.register(threshold);
				}
				time.wakeUpAfter(sleep % every);
				elapsed += sleep;
			}
			assertThat(wakeUps).isBetween(20, 21);
			assertThat(time.unparks()).isZero();
			assertThat(profiler.samplesTaken()).isZero();
		}
	}

	@Test
	void callWithASmallerOffsetWakesTheWatchdogOnce() throws Exception {
		ManualTime time = new ManualTime();
		try (SlowCallProfiler profiler = manualProfiler(time)) {
			profiler.register(Duration.ofSeconds(1).toNanos());
			assertThat(time.awaitSleep()).isEqualTo(Duration.ofMillis(500).toNanos());
			profiler.register(Duration.ofMillis(100).toNanos());
			// Woken up by the registration, not by the test
			assertThat(time.awaitSleep()).isEqualTo(Duration.ofMillis(50).toNanos());
			profiler.register(Duration.ofMillis(100).toNanos());
			profiler.register(Duration.ofMillis(200).toNanos());
			assertThat(time.unparks()).isOne();
		}
	}

	@Test
	void watchdogSleepsUntilTheEarliestCallIsDueThenEveryIntervalWhileItIs() throws Exception {
		ManualTime time = new ManualTime();
		long threshold = Duration.ofSeconds(1).toNanos();
		try (SlowCallProfiler profiler = manualProfiler(time)) {
			ProfiledCall first = profiler.register(threshold);
			assertThat(time.awaitSleep()).isEqualTo(Duration.ofMillis(500).toNanos());
			time.advance(Duration.ofMillis(300).toNanos());
			// Starts while the watchdog sleeps: due at 800 ms, after its wake-up at 500
			ProfiledCall second = profiler.register(threshold);
			time.wakeUpAfter(Duration.ofMillis(200).toNanos());
			assertThat(time.awaitSleep()).isEqualTo(INTERVAL.toNanos());
			time.wakeUpAfter(INTERVAL.toNanos());
			assertThat(time.awaitSleep()).isEqualTo(INTERVAL.toNanos());
			profiler.finish(first);
			time.wakeUpAfter(INTERVAL.toNanos());
			assertThat(time.awaitSleep()).isEqualTo(Duration.ofMillis(260).toNanos());
			time.wakeUpAfter(Duration.ofMillis(260).toNanos());
			assertThat(time.awaitSleep()).isEqualTo(INTERVAL.toNanos());
			profiler.finish(second);
			time.wakeUpAfter(INTERVAL.toNanos());
			assertThat(time.awaitSleep()).isEqualTo(Duration.ofMillis(500).toNanos());
			assertThat(time.unparks()).isZero();
		}
	}

	@Test
	void watchdogSleepsASecondAtMostSoThatFinishedCallsDoNotPileUp() throws Exception {
		ManualTime time = new ManualTime();
		try (SlowCallProfiler profiler = manualProfiler(time)) {
			profiler.finish(profiler.register(Duration.ofHours(1).toNanos()));
			long sleep = time.awaitSleep();
			assertThat(sleep).isEqualTo(Duration.ofSeconds(1).toNanos());
			for (int i = 0; i < 100; i++) {
				profiler.finish(profiler.register(Duration.ofHours(1).toNanos()));
			}
			// The first may have come after the first tick
			assertThat(profiler.registeredCalls()).isBetween(100, 101);
			time.wakeUpAfter(sleep);
			time.awaitSleep();
			assertThat(profiler.registeredCalls()).isZero();
		}
	}

	@Test
	void closeStopsASleepingWatchdog() throws Exception {
		ManualTime time = new ManualTime();
		SlowCallProfiler profiler = manualProfiler(time);
		profiler.register(Duration.ofSeconds(1).toNanos());
		time.awaitSleep();
		Thread watchdog = time.sleeper();
		profiler.close();
		watchdog.join(Duration.ofSeconds(30).toMillis());
		assertThat(watchdog.isAlive()).isFalse();
	}

	@Test
	void callsDueTogetherTakeTurnsBeyondTheThreadsSampledPerInterval() {
		SlowCallProfiler oneThread = new SlowCallProfiler(Duration.ofMillis(1), 0, 500, 256, 1, 3, List.of());
		ExecutorService workers = Executors.newFixedThreadPool(2);
		try {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new ProfilingObservationHandler(oneThread, (context) -> Duration.ofNanos(1)))
				.observationFilter(new HotFramesObservationFilter(oneThread));
			Observation first = Observation.start("first", registry);
			Observation second = Observation.start("second", registry);
			ProfiledCall firstCall = first.getContext().getRequired(ProfiledCall.class);
			ProfiledCall secondCall = second.getContext().getRequired(ProfiledCall.class);
			// Both stay due until both have samples: one thread per interval serves both
			BooleanSupplier bothSampled = () -> firstCall.samples() >= 2 && secondCall.samples() >= 2;
			CompletableFuture<?> firstWork = CompletableFuture.runAsync(() -> {
				try (Observation.Scope scope = first.openScope()) {
					CpuWork.scoreProducts(bothSampled);
				}
			}, workers);
			CompletableFuture<?> secondWork = CompletableFuture.runAsync(() -> {
				try (Observation.Scope scope = second.openScope()) {
					CpuWork.scoreProducts(bothSampled);
				}
			}, workers);
			CompletableFuture.allOf(firstWork, secondWork).join();
			first.stop();
			second.stop();
			assertThat(first.getContext().getHighCardinalityKeyValue(HotFramesObservationFilter.HOT_FRAMES))
				.isNotNull();
			assertThat(second.getContext().getHighCardinalityKeyValue(HotFramesObservationFilter.HOT_FRAMES))
				.isNotNull();
		}
		finally {
			workers.shutdownNow();
			oneThread.close();
		}
	}

	@Test
	void finishedCallIsNotReferencedByTheProfiler() {
		Observation observation = Observation.createNotStarted("matching", this.registry);
		observation.observe(() -> burnUntilSampled(1, THRESHOLD));
		WeakReference<Observation.Context> context = new WeakReference<>(observation.getContext());
		observation = null;
		for (int i = 0; i < 50 && context.get() != null; i++) {
			System.gc();
		}
		assertThat(context.get()).isNull();
	}

	@Test
	void closedProfilerNoLongerFollowsCalls() {
		Observation.createNotStarted("matching", this.registry).observe(() -> {
		});
		this.profiler.close();
		Observation observation = Observation.createNotStarted("patient", this.registry).start();
		ProfiledCall call = observation.getContext().getRequired(ProfiledCall.class);
		observation.stop();
		assertThat(call.isFinished()).isTrue();
		assertThat(this.profiler.registeredCalls()).isZero();
	}

	private long burnUntilSampled(int samples, Duration atLeast) {
		long start = System.nanoTime();
		long before = this.profiler.samplesTaken();
		return CpuWork.scoreProducts(() -> this.profiler.samplesTaken() - before >= samples
				&& System.nanoTime() - start > atLeast.toNanos());
	}

	/**
	 * A clock that moves only when the test moves it, and sleeps of the watchdog that end
	 * only when the test (or an unpark, as with {@code LockSupport}) ends them.
	 */
	private static SlowCallProfiler manualProfiler(ManualTime time) {
		return new SlowCallProfiler(INTERVAL, 0.5, 500, 256, 4, 3, List.of(), time, time);
	}

	static final class ManualTime implements LongSupplier, SlowCallProfiler.Parking {

		private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(5).toNanos());

		private final BlockingQueue<Long> sleeps = new LinkedBlockingQueue<>();

		private final Semaphore wakeUps = new Semaphore(0);

		private final AtomicInteger unparks = new AtomicInteger();

		private volatile @Nullable Thread sleeper;

		@Override
		public long getAsLong() {
			return this.now.get();
		}

		@Override
		public void parkNanos(long nanos) {
			this.sleeper = Thread.currentThread();
			this.sleeps.add(nanos);
			this.wakeUps.acquireUninterruptibly();
		}

		@Override
		public void unpark(Thread thread) {
			this.unparks.incrementAndGet();
			wakeUp();
		}

		// The length of the watchdog's next sleep, once it has gone to sleep
		long awaitSleep() throws InterruptedException {
			Long nanos = this.sleeps.poll(30, TimeUnit.SECONDS);
			assertThat(nanos).as("a sleep of the watchdog").isNotNull();
			return nanos;
		}

		void advance(long nanos) {
			this.now.addAndGet(nanos);
		}

		void wakeUpAfter(long nanos) {
			advance(nanos);
			wakeUp();
		}

		int unparks() {
			return this.unparks.get();
		}

		@Nullable Thread sleeper() {
			return this.sleeper;
		}

		private synchronized void wakeUp() {
			// One permit at most, as with LockSupport
			if (this.wakeUps.availablePermits() == 0) {
				this.wakeUps.release();
			}
		}

	}

}
