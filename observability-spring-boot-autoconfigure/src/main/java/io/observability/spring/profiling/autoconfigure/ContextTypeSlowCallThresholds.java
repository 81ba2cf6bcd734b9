package io.observability.spring.profiling.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.observability.spring.profiling.SlowCallThresholds;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The starter's slow thresholds: {@code observability.web.slow-request-threshold} for
 * server requests, {@code observability.operations.slow-threshold} for {@code @Observed}
 * methods; other observations are not profiled.
 *
 * @author Observability Spring Boot contributors
 */
final class ContextTypeSlowCallThresholds implements SlowCallThresholds {

	// Read by name, as their owners bind them, so that this feature works when theirs is
	// off; the defaults are theirs
	static final String REQUEST_THRESHOLD = "observability.web.slow-request-threshold";

	static final String OPERATION_THRESHOLD = "observability.operations.slow-threshold";

	private static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(1);

	private static final String[] SERVER_REQUEST_CONTEXTS = {
			"org.springframework.http.server.observation.ServerRequestObservationContext",
			"org.springframework.http.server.reactive.observation.ServerRequestObservationContext" };

	private static final String OBSERVED_CONTEXT = "io.micrometer.observation.aop.ObservedAspect$ObservedAspectContext";

	private final Class<?>[] types;

	private final Duration[] thresholds;

	private ContextTypeSlowCallThresholds(List<Class<?>> types, List<Duration> thresholds) {
		this.types = types.toArray(new Class<?>[0]);
		this.thresholds = thresholds.toArray(new Duration[0]);
	}

	static ContextTypeSlowCallThresholds of(Environment environment, @Nullable ClassLoader classLoader) {
		Binder binder = Binder.get(environment);
		Duration requests = binder.bind(REQUEST_THRESHOLD, Duration.class).orElse(DEFAULT_THRESHOLD);
		Duration operations = binder.bind(OPERATION_THRESHOLD, Duration.class).orElse(DEFAULT_THRESHOLD);
		List<Class<?>> types = new ArrayList<>();
		List<Duration> thresholds = new ArrayList<>();
		for (String type : SERVER_REQUEST_CONTEXTS) {
			add(type, requests, classLoader, types, thresholds);
		}
		add(OBSERVED_CONTEXT, operations, classLoader, types, thresholds);
		return new ContextTypeSlowCallThresholds(types, thresholds);
	}

	private static void add(String type, Duration threshold, @Nullable ClassLoader classLoader, List<Class<?>> types,
			List<Duration> thresholds) {
		if (ClassUtils.isPresent(type, classLoader) && threshold.compareTo(Duration.ZERO) > 0) {
			types.add(ClassUtils.resolveClassName(type, classLoader));
			thresholds.add(threshold);
		}
	}

	@Override
	public @Nullable Duration thresholdFor(Observation.Context context) {
		for (int i = 0; i < this.types.length; i++) {
			if (this.types[i].isInstance(context)) {
				return this.thresholds[i];
			}
		}
		return null;
	}

}
