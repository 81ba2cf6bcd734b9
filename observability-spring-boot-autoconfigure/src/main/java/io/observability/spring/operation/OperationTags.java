package io.observability.spring.operation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Container of repeated {@link OperationTag} annotations on one parameter.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OperationTags {

	/**
	 * The tags of the parameter.
	 * @return the tags
	 */
	OperationTag[] value();

}
