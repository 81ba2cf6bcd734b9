package io.observability.spring.operation;

import java.util.function.Function;

import io.micrometer.common.annotation.ValueExpressionResolver;
import io.micrometer.common.annotation.ValueResolver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.aop.ObservationKeyValueAnnotationHandler;
import io.observability.spring.internal.AnnotatedJoinPoints;
import org.aspectj.lang.ProceedingJoinPoint;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer's {@link ObservationKeyValueAnnotationHandler} that does not search a method
 * for {@link ObservationKeyValue} again on every call (see {@link AnnotatedJoinPoints}):
 * Micrometer's code runs for the parameters or the result only where the first search
 * found an annotation, and handles those unchanged. The search was a third of the time of
 * an {@code @Observed} call with Spring Boot's handlers (docs/benchmarks.md, Annotated
 * domain operations).
 *
 * @author Observability Spring Boot contributors
 */
final class CachingObservationKeyValueAnnotationHandler extends ObservationKeyValueAnnotationHandler {

	private final AnnotatedJoinPoints annotated = new AnnotatedJoinPoints(ObservationKeyValue.class);

	CachingObservationKeyValueAnnotationHandler(
			Function<Class<? extends ValueResolver>, ? extends ValueResolver> resolverProvider,
			Function<Class<? extends ValueExpressionResolver>, ? extends ValueExpressionResolver> expressionResolverProvider) {
		super(resolverProvider, expressionResolverProvider);
	}

	@Override
	public void addAnnotatedParameters(Observation.Context context, ProceedingJoinPoint pjp) {
		if (this.annotated.onParameters(pjp)) {
			super.addAnnotatedParameters(context, pjp);
		}
	}

	@Override
	public void addAnnotatedMethodResult(Observation.Context context, ProceedingJoinPoint pjp,
			@Nullable Object result) {
		if (this.annotated.onMethod(pjp)) {
			super.addAnnotatedMethodResult(context, pjp, result);
		}
	}

	int searchedMethods() {
		return this.annotated.searchedSites();
	}

}
