package io.observability.spring.operation;

import java.util.concurrent.CompletionException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.aop.ObservedAspect;
import org.jspecify.annotations.Nullable;

/**
 * What an operation is, for every class of this package: an observation of Micrometer's
 * {@link ObservedAspect}, named after its {@code @Observed} name, or its contextual name
 * ({@code Class#method}) when the annotation names none.
 *
 * @author Observability Spring Boot contributors
 */
final class Operations {

	static final String OPERATION = "operation";

	static final String OUTCOME = "outcome";

	static final String EXCEPTION = "exception";

	/**
	 * Name {@code ObservedAspect} gives an observation whose annotation names none.
	 */
	private static final String UNNAMED = "method.observed";

	private Operations() {
	}

	static boolean isOperation(Observation.Context context) {
		return context instanceof ObservedAspect.ObservedAspectContext;
	}

	static String name(Observation.ContextView context) {
		String name = context.getName();
		String contextualName = context.getContextualName();
		return (name == null || (UNNAMED.equals(name) && contextualName != null)) ? String.valueOf(contextualName)
				: name;
	}

	static @Nullable Throwable error(Observation.ContextView context) {
		Throwable error = context.getError();
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

	static String exceptionName(Throwable error) {
		String simpleName = error.getClass().getSimpleName();
		return simpleName.isEmpty() ? error.getClass().getName() : simpleName;
	}

}
