package io.observability.spring.operation;

import java.util.function.Function;

import io.micrometer.common.annotation.ValueExpressionResolver;
import io.micrometer.common.annotation.ValueResolver;
import io.micrometer.core.aop.CountedMeterTagAnnotationHandler;
import io.micrometer.core.aop.MeterTag;
import io.micrometer.core.aop.MeterTagAnnotationHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.observability.spring.internal.AnnotatedJoinPoints;
import org.aspectj.lang.ProceedingJoinPoint;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer's handlers of {@link MeterTag} for {@code @Timed} and {@code @Counted} that
 * do not search a method for the annotation again on every call (see
 * {@link AnnotatedJoinPoints}): Micrometer's code runs for the parameters or the result
 * only where the first search found an annotation, and handles those unchanged.
 *
 * @author Observability Spring Boot contributors
 */
final class CachingMeterTagAnnotationHandlers {

	private CachingMeterTagAnnotationHandlers() {
	}

	/**
	 * The handler of {@code @Timed} methods.
	 */
	static final class Timed extends MeterTagAnnotationHandler {

		private final AnnotatedJoinPoints annotated = new AnnotatedJoinPoints(MeterTag.class);

		Timed(Function<Class<? extends ValueResolver>, ? extends ValueResolver> resolverProvider,
				Function<Class<? extends ValueExpressionResolver>, ? extends ValueExpressionResolver> expressionResolverProvider) {
			super(resolverProvider, expressionResolverProvider);
		}

		@Override
		public void addAnnotatedParameters(Timer.Builder builder, ProceedingJoinPoint pjp) {
			if (this.annotated.onParameters(pjp)) {
				super.addAnnotatedParameters(builder, pjp);
			}
		}

		@Override
		public void addAnnotatedMethodResult(Timer.Builder builder, ProceedingJoinPoint pjp, @Nullable Object result) {
			if (this.annotated.onMethod(pjp)) {
				super.addAnnotatedMethodResult(builder, pjp, result);
			}
		}

		int searchedMethods() {
			return this.annotated.searchedSites();
		}

	}

	/**
	 * The handler of {@code @Counted} methods.
	 */
	static final class Counted extends CountedMeterTagAnnotationHandler {

		private final AnnotatedJoinPoints annotated = new AnnotatedJoinPoints(MeterTag.class);

		Counted(Function<Class<? extends ValueResolver>, ? extends ValueResolver> resolverProvider,
				Function<Class<? extends ValueExpressionResolver>, ? extends ValueExpressionResolver> expressionResolverProvider) {
			super(resolverProvider, expressionResolverProvider);
		}

		@Override
		public void addAnnotatedParameters(Counter.Builder builder, ProceedingJoinPoint pjp) {
			if (this.annotated.onParameters(pjp)) {
				super.addAnnotatedParameters(builder, pjp);
			}
		}

		@Override
		public void addAnnotatedMethodResult(Counter.Builder builder, ProceedingJoinPoint pjp,
				@Nullable Object result) {
			if (this.annotated.onMethod(pjp)) {
				super.addAnnotatedMethodResult(builder, pjp, result);
			}
		}

	}

}
