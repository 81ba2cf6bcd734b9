package io.observability.spring.operation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a Spring bean, or every public method of a type, as a domain
 * operation. Each call is observed through one Micrometer
 * {@link io.micrometer.observation.Observation}, so that the application's observation
 * handlers turn it into a span named after the operation and a timer {@code <name>}
 * tagged with {@code outcome} ({@code success} or {@code failure}) and {@code exception}
 * (the simple class name of the failure, or {@code none}).
 * <p>
 * Parameters annotated with {@link OperationTag} add tags. A failed call, and a call that
 * takes longer than the {@link #slowThreshold() slow threshold}, is logged once at
 * {@code WARN}.
 * <p>
 * On a type, every public method is an operation named {@code <name>.<method name>}. A
 * method's own annotation takes precedence over its type's; static {@link #tags() tags}
 * of both are combined.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ObservedOperation {

	/**
	 * Alias for {@link #name()}.
	 * @return the operation name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * Name of the operation, used as the observation and timer name, for example
	 * {@code documents.extract}. Defaults to the bean class's short name as a property
	 * followed by the method name, for example {@code documentService.extract}. On a
	 * type, the prefix of its methods' operation names.
	 * @return the operation name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * Name of the span. Defaults to the operation name.
	 * @return the span name
	 */
	String contextualName() default "";

	/**
	 * Static low-cardinality tags, each {@code key=value}, added to the timer and the
	 * span.
	 * @return the static tags
	 */
	String[] tags() default {};

	/**
	 * Duration above which a successful call is logged at {@code WARN}, in Spring Boot's
	 * duration format, for example {@code 500ms} or {@code 2s}. Defaults to
	 * {@code observability.operations.slow-threshold}.
	 * @return the slow threshold
	 */
	String slowThreshold() default "";

	/**
	 * Whether the timer publishes a percentile histogram, so that quantiles can be
	 * computed in Prometheus with {@code histogram_quantile}.
	 * @return whether to publish a histogram
	 */
	boolean histogram() default true;

	/**
	 * Expression evaluated on a successful call's non-{@code null} return value, whose
	 * numeric result is recorded in a distribution summary named {@link #resultName()},
	 * for example {@code confidence} for a record with a {@code confidence()} component.
	 * Empty to record nothing.
	 * @return the result expression
	 * @see OperationTag#expression()
	 */
	String result() default "";

	/**
	 * Name of the distribution summary of {@link #result()}. Defaults to
	 * {@code <name>.result}.
	 * @return the distribution summary name
	 */
	String resultName() default "";

}
