package io.observability.spring.operation;

import java.util.concurrent.CompletionException;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.aop.ObservedAspect;
import org.jspecify.annotations.Nullable;

/**
 * What an operation is, for every class of this package: an observation of Micrometer's
 * {@link ObservedAspect}, named after its {@code @Observed} name, or {@code Class#method}
 * (the simple name of the declaring class, as in Micrometer's default contextual name)
 * when the annotation names none. The name is derived from the observation's name and its
 * {@code class} and {@code method} key values, so that the timer's {@code operation} tag
 * (see {@link OperationMeterFilter}) and the {@code WARN} line agree.
 *
 * @author Observability Spring Boot contributors
 */
final class Operations {

	static final String OPERATION = "operation";

	static final String OUTCOME = "outcome";

	static final String EXCEPTION = "exception";

	/**
	 * Low-cardinality key of the declaring class's name, set by {@link ObservedAspect}.
	 */
	static final String CLASS = "class";

	/**
	 * Low-cardinality key of the method's name, set by {@link ObservedAspect}.
	 */
	static final String METHOD = "method";

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
		return name(context.getName(), value(context.getLowCardinalityKeyValue(CLASS)),
				value(context.getLowCardinalityKeyValue(METHOD)));
	}

	/**
	 * Return the operation's name.
	 * @param name the observation's (and timer's) name
	 * @param className the {@code class} key value: the declaring class's binary name
	 * @param method the {@code method} key value
	 * @return the name, or {@code SimpleClassName#method} when the name is Micrometer's
	 * default
	 */
	static String name(@Nullable String name, @Nullable String className, @Nullable String method) {
		if (name != null && !UNNAMED.equals(name)) {
			return name;
		}
		String simpleName = String.valueOf(className);
		simpleName = simpleName.substring(Math.max(simpleName.lastIndexOf('.'), simpleName.lastIndexOf('$')) + 1);
		return simpleName + "#" + method;
	}

	private static @Nullable String value(@Nullable KeyValue keyValue) {
		return (keyValue != null) ? keyValue.getValue() : null;
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
