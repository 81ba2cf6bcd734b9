package io.observability.spring.operation;

import io.micrometer.common.KeyValues;

/**
 * Default {@link OperationObservationConvention}: the span name from
 * {@link ObservedOperation#contextualName()}, static and low-cardinality parameter tags,
 * and, once the call has completed, {@code outcome} ({@code success} or {@code failure})
 * and {@code exception} (the failure's simple class name or {@code none}).
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class DefaultOperationObservationConvention implements OperationObservationConvention {

	@Override
	public String getContextualName(OperationContext context) {
		return context.getOperationContextualName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(OperationContext context) {
		// Only at stop: the long-task timer Boot starts with the observation has no
		// outcome
		return context.isCompleted() ? context.getCompletedTags() : context.getTags();
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(OperationContext context) {
		return context.getHighCardinalityTags();
	}

}
