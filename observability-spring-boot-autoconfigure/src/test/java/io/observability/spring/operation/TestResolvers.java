package io.observability.spring.operation;

import java.util.function.Function;

import io.micrometer.common.annotation.ValueExpressionResolver;
import io.micrometer.common.annotation.ValueResolver;

/**
 * Resolvers for Micrometer's annotation handlers in tests, whose results show what they
 * resolved: {@code resolved:<parameter>} and {@code <expression>:<parameter>}.
 *
 * @author Observability Spring Boot contributors
 */
final class TestResolvers {

	static final Function<Class<? extends ValueResolver>, ? extends ValueResolver> RESOLVERS = (
			type) -> (parameter) -> "resolved:" + parameter;

	static final Function<Class<? extends ValueExpressionResolver>, ? extends ValueExpressionResolver> EXPRESSIONS = (
			type) -> (expression, parameter) -> expression + ":" + parameter;

	private TestResolvers() {
	}

}
