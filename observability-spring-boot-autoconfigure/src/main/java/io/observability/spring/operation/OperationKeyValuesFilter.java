package io.observability.spring.operation;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;

/**
 * Adds {@code operation}, {@code outcome} ({@code success} or {@code failure}) and
 * {@code exception} (the failure's simple class name or {@code none}) to every
 * {@code @Observed} call when it stops, so that they reach the timer and the span. The
 * {@code operation} label lets one query cover every operation: Prometheus drops the
 * metric name once {@code rate()} has run.
 *
 * @author Observability Spring Boot contributors
 */
final class OperationKeyValuesFilter implements ObservationFilter {

	private static final KeyValue SUCCESS = KeyValue.of(Operations.OUTCOME, "success");

	private static final KeyValue FAILURE = KeyValue.of(Operations.OUTCOME, "failure");

	private static final KeyValue NO_EXCEPTION = KeyValue.of(Operations.EXCEPTION, KeyValue.NONE_VALUE);

	@Override
	public Observation.Context map(Observation.Context context) {
		if (Operations.isOperation(context)) {
			Throwable error = Operations.error(context);
			// One by one: KeyValues.of would build, sort and iterate an array per call
			context.addLowCardinalityKeyValue(KeyValue.of(Operations.OPERATION, Operations.name(context)));
			context.addLowCardinalityKeyValue((error != null) ? FAILURE : SUCCESS);
			context.addLowCardinalityKeyValue((error != null)
					? KeyValue.of(Operations.EXCEPTION, Operations.exceptionName(error)) : NO_EXCEPTION);
		}
		return context;
	}

}
