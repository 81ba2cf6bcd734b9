package io.observability.spring.operation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} for {@link ObservedOperation} calls. Declare a bean of
 * this type to replace {@link DefaultOperationObservationConvention}. Observations are
 * created with the operation's name, so that observation predicates select operations by
 * name; a convention need not implement {@link #getName()}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public interface OperationObservationConvention extends ObservationConvention<OperationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof OperationContext;
	}

}
