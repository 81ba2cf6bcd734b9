package io.observability.spring.profiling.internal;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;

/**
 * {@link ObservationFilter} that adds the hot frames of a slow, sampled call to its
 * context as the high-cardinality key value {@value #HOT_FRAMES}. Micrometer applies
 * filters when an observation stops and before any handler's {@code onStop}, so the
 * tracing handler puts the value on the span and logging handlers can write it.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class HotFramesObservationFilter implements ObservationFilter {

	/**
	 * Key of the hot frames, for example
	 * {@code com.acme.Matcher.score 62%; com.acme.Parser.parse 21%}.
	 */
	public static final String HOT_FRAMES = "profiling.hot_frames";

	private final SlowCallProfiler profiler;

	/**
	 * Create a new filter.
	 * @param profiler the profiler that sampled the calls
	 */
	public HotFramesObservationFilter(SlowCallProfiler profiler) {
		this.profiler = profiler;
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		ProfiledCall call = context.get(ProfiledCall.class);
		if (call != null) {
			String hotFrames = this.profiler.finish(call);
			if (hotFrames != null) {
				context.addHighCardinalityKeyValue(KeyValue.of(HOT_FRAMES, hotFrames));
			}
		}
		return context;
	}

}
