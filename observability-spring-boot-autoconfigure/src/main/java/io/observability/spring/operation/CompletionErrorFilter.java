package io.observability.spring.operation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;

/**
 * Records the cause of a failed {@code CompletionStage} of an {@code @Observed} call as
 * the call's error when it stops. Micrometer's aspect records what the stage completed
 * with, usually a {@code CompletionException} around the real failure, so without this
 * filter every asynchronous failure would be tagged
 * {@code exception="CompletionException"}. The span's exception event, recorded when the
 * error happened, is left as it is.
 * <p>
 * This is the only per-call work of the {@code operation}, {@code outcome} and
 * {@code exception} tags: {@link OperationMeterFilter} derives them once per timer from
 * the tags Micrometer's meter handler already sets, so they add no key value to the
 * observation, and nothing to the span, on any call.
 *
 * @author Observability Spring Boot contributors
 */
final class CompletionErrorFilter implements ObservationFilter {

	@Override
	public Observation.Context map(Observation.Context context) {
		Throwable error = context.getError();
		if (error != null && Operations.isOperation(context)) {
			Throwable cause = Operations.error(context);
			if (cause != error && cause != null) {
				context.setError(cause);
			}
		}
		return context;
	}

}
