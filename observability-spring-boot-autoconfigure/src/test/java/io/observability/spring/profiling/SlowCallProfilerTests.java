package io.observability.spring.profiling;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.example.profiling.CpuWork;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
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
	void samplesOfOneCallAreBounded() {
		SlowCallProfiler bounded = new SlowCallProfiler(Duration.ofMillis(1), 0, 4, 256, 4, 3, List.of());
		try {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new ProfilingObservationHandler(bounded, (context) -> Duration.ofNanos(1)))
				.observationFilter(new HotFramesObservationFilter(bounded));
			Observation observation = Observation.createNotStarted("matching", registry).start();
			try (Observation.Scope scope = observation.openScope()) {
				CpuWork.scoreProducts(() -> bounded.samplesTaken() >= 4);
				ProfiledCall call = observation.getContext().getRequired(ProfiledCall.class);
				// The watchdog has moved past this call: several more ticks, no more
				// samples
				long ticks = 0;
				while (ticks < 5) {
					long before = bounded.ticks();
					CpuWork.scoreProducts(() -> bounded.ticks() > before);
					ticks++;
				}
				assertThat(call.samples()).isEqualTo(4);
			}
			observation.stop();
			assertThat(observation.getContext().getHighCardinalityKeyValue(HotFramesObservationFilter.HOT_FRAMES))
				.isNotNull();
		}
		finally {
			bounded.close();
		}
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

}
