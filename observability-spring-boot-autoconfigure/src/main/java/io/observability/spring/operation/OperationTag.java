package io.observability.spring.operation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Turns an argument of an {@link ObservedOperation} into a tag of its observation.
 * <p>
 * A {@link Cardinality#LOW low-cardinality} tag, such as a document source, becomes a tag
 * of the timer and an attribute of the span. A {@link Cardinality#HIGH high-cardinality}
 * tag, such as a document ID, becomes an attribute of the span and an MDC entry for the
 * duration of the call, so that every log line written during the call carries it; it
 * never becomes a metric tag.
 * <p>
 * The annotation is repeatable, so that one argument can give several tags, each with its
 * own expression.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(OperationTags.class)
public @interface OperationTag {

	/**
	 * Alias for {@link #key()}.
	 * @return the tag key
	 */
	@AliasFor("key")
	String value() default "";

	/**
	 * Key of the tag, span attribute and MDC entry, for example {@code document_id}.
	 * @return the tag key
	 */
	@AliasFor("value")
	String key() default "";

	/**
	 * SpEL expression evaluated on the argument, for example {@code id} or
	 * {@code customer.name}: properties, record components, public fields and methods,
	 * but no type references, constructors or bean references. Parsed once per method and
	 * compiled once it has run a few times. Empty to use the argument itself. The value
	 * is converted with {@link String#valueOf(Object)}.
	 * @return the expression
	 */
	String expression() default "";

	/**
	 * Cardinality of the tag's values.
	 * @return the cardinality
	 */
	Cardinality cardinality() default Cardinality.LOW;

	/**
	 * Cardinality of a tag's values.
	 */
	enum Cardinality {

		/**
		 * A bounded set of values: a metric tag and a span attribute.
		 */
		LOW,

		/**
		 * Unbounded values such as IDs: a span attribute and an MDC entry, never a metric
		 * tag.
		 */
		HIGH

	}

}
