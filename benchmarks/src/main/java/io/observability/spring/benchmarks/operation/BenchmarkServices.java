package io.observability.spring.benchmarks.operation;

import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.MeterTag;
import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.Cardinality;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;

/**
 * The measured methods: the same trivial body under each kind of instrumentation.
 *
 * @author Observability Spring Boot contributors
 */
public final class BenchmarkServices {

	private BenchmarkServices() {
	}

	/**
	 * The argument of every measured method.
	 *
	 * @param id a document ID
	 * @param source a low-cardinality source
	 */
	public record Document(String id, String source) {

	}

	/**
	 * No instrumentation.
	 */
	public static class Plain {

		public int handle(Document document) {
			return document.id().length();
		}

	}

	/**
	 * Advised by an {@link EmptyAroundAspect}.
	 */
	public static class EmptyAround {

		@EmptyAroundAspect.Advised
		public int handle(Document document) {
			return document.id().length();
		}

	}

	/**
	 * Micrometer's {@code @Timed}.
	 */
	public static class TimedService {

		@Timed("bench.timed")
		public int handle(Document document) {
			return document.id().length();
		}

	}

	/**
	 * Micrometer's {@code @Timed} with a {@code @MeterTag} expression, resolved by Spring
	 * Boot's SpEL resolver.
	 */
	public static class MeterTagService {

		@Timed("bench.metertag")
		public int handle(@MeterTag(key = "source", expression = "source") Document document) {
			return document.id().length();
		}

	}

	/**
	 * Micrometer's {@code @Observed}.
	 */
	public static class ObservedService {

		@Observed(name = "bench.observed")
		public int handle(Document document) {
			return document.id().length();
		}

	}

	/**
	 * Micrometer's {@code @Observed} with one LOW {@code @ObservationKeyValue}
	 * expression, resolved by Spring Boot's SpEL resolver.
	 */
	public static class ObservedKeyValueService {

		@Observed(name = "bench.observed.keyvalue")
		public int handle(@ObservationKeyValue(key = "source", expression = "source",
				cardinality = Cardinality.LOW) Document document) {
			return document.id().length();
		}

	}

	/**
	 * An aspect that only proceeds: the cost of Spring AOP itself.
	 */
	@Aspect
	public static class EmptyAroundAspect {

		@Around("@annotation(io.observability.spring.benchmarks.operation.BenchmarkServices.EmptyAroundAspect.Advised)")
		public Object proceed(ProceedingJoinPoint joinPoint) throws Throwable {
			return joinPoint.proceed();
		}

		/**
		 * Marks the advised method.
		 */
		@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
		@java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
		public @interface Advised {

		}

	}

}
