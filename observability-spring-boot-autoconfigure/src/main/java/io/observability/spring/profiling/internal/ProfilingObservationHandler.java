package io.observability.spring.profiling.internal;

import java.time.Duration;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.observability.spring.profiling.SlowCallThresholds;

/**
 * {@link ObservationHandler} that registers the calls that {@link SlowCallThresholds}
 * selects with the {@link SlowCallProfiler}, and tells it which thread runs them: the
 * thread where the observation's scope is open, which for an asynchronous request or a
 * {@code CompletionStage} operation is the thread that runs the work when the observation
 * is propagated to it. The {@link HotFramesObservationFilter} records the result.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class ProfilingObservationHandler implements ObservationHandler<Observation.Context> {

	private final SlowCallProfiler profiler;

	private final SlowCallThresholds thresholds;

	/**
	 * Create a new handler.
	 * @param profiler the profiler that samples the calls
	 * @param thresholds which calls to profile and when they are slow
	 */
	public ProfilingObservationHandler(SlowCallProfiler profiler, SlowCallThresholds thresholds) {
		this.profiler = profiler;
		this.thresholds = thresholds;
	}

	@Override
	public void onStart(Observation.Context context) {
		Duration threshold = this.thresholds.thresholdFor(context);
		if (threshold != null) {
			context.put(ProfiledCall.class, this.profiler.register(threshold.toNanos()));
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		ProfiledCall call = context.get(ProfiledCall.class);
		if (call != null) {
			call.scopeOpened();
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		ProfiledCall call = context.get(ProfiledCall.class);
		if (call != null) {
			call.scopeClosed();
		}
	}

	@Override
	public void onScopeReset(Observation.Context context) {
		ProfiledCall call = context.get(ProfiledCall.class);
		if (call != null) {
			call.scopeReset();
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		// Normally done by the filter already; without it the call still lets go
		ProfiledCall call = context.get(ProfiledCall.class);
		if (call != null) {
			this.profiler.finish(call);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

}
