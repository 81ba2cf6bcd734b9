package io.observability.spring.operation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Clock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.observability.spring.internal.ScopeIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * {@link ObservationHandler} of {@code @Observed} calls: puts their high-cardinality key
 * values in the MDC while a scope of the call is open, and logs one {@code WARN} line
 * when a call fails or takes longer than its slow threshold. The line carries the
 * operation, its duration and every high-cardinality value (including
 * {@code profiling.hot_frames} as {@code hot_frames}) as key values, and the trace, span
 * and request IDs that the MDC held when the call's scope opened (see {@link ScopeIds}),
 * so that they are the call's even when a {@code CompletionStage} completes on another
 * thread or the scope closed before the failure was recorded. The line's other MDC
 * entries are those of the thread that writes it.
 *
 * @author Observability Spring Boot contributors
 */
final class OperationLoggingHandler implements ObservationHandler<Observation.Context> {

	static final String LOGGER_NAME = "io.observability.spring.operation";

	static final String HOT_FRAMES = "profiling.hot_frames";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private final Clock clock;

	// Boxed once: Map#getOrDefault would box it on every call
	private final Long defaultThresholdNanos;

	private final Map<String, Long> thresholdNanos;

	OperationLoggingHandler(Clock clock, Duration defaultThreshold, Map<String, Duration> thresholds) {
		this.clock = clock;
		this.defaultThresholdNanos = defaultThreshold.toNanos();
		this.thresholdNanos = thresholds.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, (e) -> e.getValue().toNanos()));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return Operations.isOperation(context);
	}

	@Override
	public void onStart(Observation.Context context) {
		context.put(Call.class, new Call(new ScopeIds(this.clock.monotonicTime())));
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		try {
			Call call = context.get(Call.class);
			KeyValues values = context.getHighCardinalityKeyValues();
			for (KeyValue keyValue : values) {
				MDC.put(keyValue.getKey(), keyValue.getValue());
			}
			if (call != null) {
				call.mdcValues = values;
				// Registered after the tracing handlers: the MDC holds the call's span
				call.ids.captureOnFirstScope();
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not fill the MDC of an @Observed call", ex);
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		try {
			Call call = context.get(Call.class);
			KeyValues values = (call != null) ? call.mdcValues : context.getHighCardinalityKeyValues();
			for (KeyValue keyValue : values) {
				String outer = outerValue(context, keyValue.getKey());
				if (outer != null) {
					MDC.put(keyValue.getKey(), outer);
				}
				else {
					MDC.remove(keyValue.getKey());
				}
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not restore the MDC after an @Observed call", ex);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		try {
			Call call = context.get(Call.class);
			Throwable error = Operations.error(context);
			if (call == null || !logger.isWarnEnabled()) {
				return;
			}
			long elapsedNanos = this.clock.monotonicTime() - call.ids.startNanos();
			String operation = null;
			long thresholdNanos = this.defaultThresholdNanos;
			if (!this.thresholdNanos.isEmpty()) {
				operation = Operations.name(context);
				thresholdNanos = this.thresholdNanos.getOrDefault(operation, this.defaultThresholdNanos);
			}
			if (error != null || elapsedNanos > thresholdNanos) {
				log(context, call.ids, (operation != null) ? operation : Operations.name(context), error, elapsedNanos,
						thresholdNanos);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not log an @Observed call", ex);
		}
	}

	private void log(Observation.Context context, ScopeIds scopeIds, String operation, @Nullable Throwable error,
			long elapsedNanos, long thresholdNanos) {
		long durationMs = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
		StringBuilder message = new StringBuilder("Operation ").append(operation);
		LoggingEventBuilder event = logger.atWarn()
			.addKeyValue(Operations.OPERATION, operation)
			.addKeyValue("duration_ms", durationMs)
			.addKeyValue(Operations.OUTCOME, (error != null) ? "failure" : "success");
		if (error != null) {
			String exception = Operations.exceptionName(error);
			message.append(" failed after ").append(durationMs).append(" ms: ");
			message.append(exception).append(": ").append(error.getMessage());
			event = event.addKeyValue(Operations.EXCEPTION, exception);
		}
		else {
			message.append(" took ").append(durationMs).append(" ms, above its slow threshold of ");
			message.append(TimeUnit.NANOSECONDS.toMillis(thresholdNanos)).append(" ms");
		}
		for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
			String key = HOT_FRAMES.equals(keyValue.getKey()) ? "hot_frames" : keyValue.getKey();
			message.append(", ").append(key).append('=').append(keyValue.getValue());
			event = event.addKeyValue(key, keyValue.getValue());
		}
		scopeIds.log(event, message.toString());
	}

	private static @Nullable String outerValue(Observation.ContextView context, String key) {
		ObservationView parent = context.getParentObservation();
		while (parent != null) {
			KeyValue keyValue = parent.getContextView().getHighCardinalityKeyValue(key);
			if (keyValue != null) {
				return keyValue.getValue();
			}
			parent = parent.getContextView().getParentObservation();
		}
		return null;
	}

	/**
	 * What the handler keeps of one call: its start and scope IDs, and the
	 * high-cardinality values its last scope put in the MDC, so that closing the scope
	 * neither reads (and sorts) the context's values again nor misses one.
	 */
	private static final class Call {

		final ScopeIds ids;

		KeyValues mdcValues = KeyValues.empty();

		Call(ScopeIds ids) {
			this.ids = ids;
		}

	}

}
