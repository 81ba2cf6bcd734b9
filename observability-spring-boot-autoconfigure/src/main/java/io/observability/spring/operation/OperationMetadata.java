package io.observability.spring.operation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelMessage;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Everything the aspect needs about one annotated method, resolved once: names, static
 * tags, parameter tags with their parsed expressions, the slow threshold and the result
 * summary.
 *
 * @author Observability Spring Boot contributors
 */
final class OperationMetadata {

	private static final Log logger = LogFactory.getLog(ObservedOperationAspect.class);

	/**
	 * Properties, record components, public fields and methods of the root object; no
	 * type references, constructors or bean references. A standard context rather than a
	 * {@code SimpleEvaluationContext}, whose accessors SpEL cannot compile.
	 */
	private static final EvaluationContext EVALUATION_CONTEXT = evaluationContext();

	/**
	 * Key of the low-cardinality tag that names the operation.
	 */
	static final String OPERATION_TAG = "operation";

	private static final KeyValue SUCCESS = KeyValue.of("outcome", "success");

	private static final KeyValue FAILURE = KeyValue.of("outcome", "failure");

	private static final KeyValue NO_EXCEPTION = KeyValue.of("exception", KeyValue.NONE_VALUE);

	final String name;

	final String contextualName;

	final KeyValues staticTags;

	final KeyValues successTags;

	final ParameterTag[] lowCardinalityTags;

	final ParameterTag[] highCardinalityTags;

	final String[] mdcKeys;

	final Duration slowThreshold;

	final long slowThresholdNanos;

	final boolean histogram;

	final boolean async;

	final @Nullable ResultExpression result;

	final AtomicBoolean instrumentationFailureLogged = new AtomicBoolean();

	private OperationMetadata(String name, String contextualName, KeyValues staticTags,
			List<ParameterTag> lowCardinalityTags, List<ParameterTag> highCardinalityTags, Duration slowThreshold,
			boolean histogram, boolean async, @Nullable ResultExpression result) {
		this.name = name;
		this.contextualName = contextualName;
		this.staticTags = staticTags;
		this.successTags = staticTags.and(SUCCESS, NO_EXCEPTION);
		this.lowCardinalityTags = lowCardinalityTags.toArray(ParameterTag[]::new);
		this.highCardinalityTags = highCardinalityTags.toArray(ParameterTag[]::new);
		this.mdcKeys = highCardinalityTags.stream().map((tag) -> tag.key).toArray(String[]::new);
		this.slowThreshold = slowThreshold;
		this.slowThresholdNanos = slowThreshold.toNanos();
		this.histogram = histogram;
		this.async = async;
		this.result = result;
	}

	private static EvaluationContext evaluationContext() {
		StandardEvaluationContext context = new StandardEvaluationContext();
		context.setTypeLocator((typeName) -> {
			throw new SpelEvaluationException(SpelMessage.TYPE_NOT_FOUND, typeName);
		});
		context.setConstructorResolvers(List.of());
		// Initialize the lazily created accessors now: the context is shared by threads
		context.getPropertyAccessors();
		context.getMethodResolvers();
		return context;
	}

	KeyValues completedTags(KeyValues tags, @Nullable Throwable error) {
		if (error == null) {
			return (tags == this.staticTags) ? this.successTags : tags.and(SUCCESS, NO_EXCEPTION);
		}
		return tags.and(FAILURE, KeyValue.of("exception", exceptionName(error)));
	}

	static String exceptionName(Throwable error) {
		String simpleName = error.getClass().getSimpleName();
		return StringUtils.hasLength(simpleName) ? simpleName : error.getClass().getName();
	}

	/**
	 * Resolve the metadata of a method called on a target class.
	 * @param method the method as the join point reports it, possibly an interface method
	 * @param targetClass the class of the target bean
	 * @param defaultSlowThreshold the slow threshold when the annotation sets none
	 * @return the metadata, or {@code null} if neither the method nor its class is an
	 * operation
	 */
	static @Nullable OperationMetadata resolve(Method method, Class<?> targetClass, Duration defaultSlowThreshold) {
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		Method specificMethod = AopUtils.getMostSpecificMethod(method, userClass);
		ObservedOperation onMethod = findOnMethod(specificMethod, method);
		ObservedOperation onType = AnnotatedElementUtils.findMergedAnnotation(userClass, ObservedOperation.class);
		if (onMethod == null && onType == null) {
			return null;
		}
		String name = name(onMethod, onType, userClass, specificMethod);
		String contextualName = (onMethod != null && StringUtils.hasText(onMethod.contextualName()))
				? onMethod.contextualName() : name;
		KeyValues staticTags = staticTags(name, onType, onMethod);
		List<ParameterTag> low = new ArrayList<>();
		List<ParameterTag> high = new ArrayList<>();
		SpelExpressionParser parser = parser(userClass);
		for (int index = 0; index < method.getParameterCount(); index++) {
			for (OperationTag tag : findTags(specificMethod, method, index)) {
				ParameterTag parameterTag = new ParameterTag(name, key(tag, specificMethod, index), index,
						expression(parser, name, tag.expression()));
				((tag.cardinality() == OperationTag.Cardinality.HIGH) ? high : low).add(parameterTag);
			}
		}
		Duration slowThreshold = slowThreshold(name, onMethod, onType, defaultSlowThreshold);
		boolean histogram = (onMethod != null) ? onMethod.histogram() : onType.histogram();
		boolean async = CompletionStage.class.isAssignableFrom(specificMethod.getReturnType());
		ResultExpression result = result(parser, name, onMethod);
		return new OperationMetadata(name, contextualName, staticTags, low, high, slowThreshold, histogram, async,
				result);
	}

	/**
	 * Return whether a method called on a target class is an operation.
	 * @param method the method as the join point reports it
	 * @param targetClass the class of the target bean
	 * @return whether the method is annotated, or public in an annotated class
	 */
	static boolean isOperation(Method method, Class<?> targetClass) {
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		Method specificMethod = AopUtils.getMostSpecificMethod(method, userClass);
		return findOnMethod(specificMethod, method) != null || (Modifier.isPublic(specificMethod.getModifiers())
				&& AnnotatedElementUtils.hasAnnotation(userClass, ObservedOperation.class));
	}

	private static @Nullable ObservedOperation findOnMethod(Method specificMethod, Method method) {
		ObservedOperation annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod,
				ObservedOperation.class);
		return (annotation != null || specificMethod.equals(method)) ? annotation
				: AnnotatedElementUtils.findMergedAnnotation(method, ObservedOperation.class);
	}

	private static String name(@Nullable ObservedOperation onMethod, @Nullable ObservedOperation onType,
			Class<?> userClass, Method method) {
		if (onMethod != null && StringUtils.hasText(onMethod.name())) {
			return onMethod.name();
		}
		String prefix = (onType != null && StringUtils.hasText(onType.name())) ? onType.name()
				: ClassUtils.getShortNameAsProperty(userClass);
		return prefix + "." + method.getName();
	}

	private static KeyValues staticTags(String name, @Nullable ObservedOperation onType,
			@Nullable ObservedOperation onMethod) {
		Map<String, String> tags = new LinkedHashMap<>();
		// Lets one query cover every operation: timers are named after their operation,
		// and Prometheus drops the metric name once rate() has run
		tags.put(OPERATION_TAG, name);
		for (ObservedOperation annotation : new ObservedOperation[] { onType, onMethod }) {
			if (annotation != null) {
				for (String tag : annotation.tags()) {
					int separator = tag.indexOf('=');
					if (separator > 0 && separator < tag.length() - 1) {
						tags.put(tag.substring(0, separator).trim(), tag.substring(separator + 1).trim());
					}
					else {
						logger.warn("Ignoring tag '" + tag + "' of operation '" + name + "': expected key=value");
					}
				}
			}
		}
		KeyValues keyValues = KeyValues.empty();
		for (Map.Entry<String, String> tag : tags.entrySet()) {
			keyValues = keyValues.and(tag.getKey(), tag.getValue());
		}
		return keyValues;
	}

	private static Set<OperationTag> findTags(Method specificMethod, Method method, int index) {
		Set<OperationTag> tags = AnnotatedElementUtils
			.findMergedRepeatableAnnotations(specificMethod.getParameters()[index], OperationTag.class);
		if (tags.isEmpty() && !specificMethod.equals(method)) {
			tags = AnnotatedElementUtils.findMergedRepeatableAnnotations(method.getParameters()[index],
					OperationTag.class);
		}
		return tags;
	}

	private static String key(OperationTag tag, Method method, int index) {
		return StringUtils.hasText(tag.key()) ? tag.key() : method.getParameters()[index].getName();
	}

	private static SpelExpressionParser parser(Class<?> userClass) {
		return new SpelExpressionParser(
				new SpelParserConfiguration(SpelCompilerMode.MIXED, userClass.getClassLoader()));
	}

	private static @Nullable Expression expression(SpelExpressionParser parser, String name, String expression) {
		if (!StringUtils.hasText(expression)) {
			return null;
		}
		try {
			return parser.parseExpression(expression);
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring expression '" + expression + "' of operation '" + name + "': " + ex.getMessage());
			return null;
		}
	}

	private static Duration slowThreshold(String name, @Nullable ObservedOperation onMethod,
			@Nullable ObservedOperation onType, Duration defaultSlowThreshold) {
		String value = (onMethod != null && StringUtils.hasText(onMethod.slowThreshold())) ? onMethod.slowThreshold()
				: (onType != null) ? onType.slowThreshold() : "";
		if (!StringUtils.hasText(value)) {
			return defaultSlowThreshold;
		}
		try {
			Duration threshold = DurationStyle.detectAndParse(value);
			if (!threshold.isNegative() && !threshold.isZero()) {
				return threshold;
			}
		}
		catch (IllegalArgumentException ex) {
			// Logged below
		}
		logger.warn("Ignoring slow threshold '" + value + "' of operation '" + name
				+ "': expected a positive duration such as 500ms; using " + defaultSlowThreshold);
		return defaultSlowThreshold;
	}

	private static @Nullable ResultExpression result(SpelExpressionParser parser, String name,
			@Nullable ObservedOperation onMethod) {
		if (onMethod == null || !StringUtils.hasText(onMethod.result())) {
			return null;
		}
		Expression expression = expression(parser, name, onMethod.result());
		if (expression == null) {
			return null;
		}
		String summaryName = StringUtils.hasText(onMethod.resultName()) ? onMethod.resultName() : name + ".result";
		return new ResultExpression(name, summaryName, expression);
	}

	private static void logOnce(AtomicBoolean logged, String message, Exception ex) {
		if (logged.compareAndSet(false, true)) {
			logger.warn(message + " (logged once; further failures are ignored silently): " + ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	/**
	 * A tag taken from an argument.
	 */
	static final class ParameterTag {

		private final String operation;

		final String key;

		private final int index;

		private final @Nullable Expression expression;

		private final AtomicBoolean failureLogged = new AtomicBoolean();

		ParameterTag(String operation, String key, int index, @Nullable Expression expression) {
			this.operation = operation;
			this.key = key;
			this.index = index;
			this.expression = expression;
		}

		@Nullable String value(@Nullable Object[] args) {
			Object argument = args[this.index];
			if (argument == null) {
				return null;
			}
			try {
				Object value = (this.expression != null) ? this.expression.getValue(EVALUATION_CONTEXT, argument)
						: argument;
				return (value != null) ? String.valueOf(value) : null;
			}
			catch (RuntimeException ex) {
				String source = (this.expression != null) ? "'" + this.expression.getExpressionString() + "'"
						: "its toString()";
				logOnce(this.failureLogged, "Could not evaluate tag '" + this.key + "' of operation '" + this.operation
						+ "' with " + source, ex);
				return null;
			}
		}

	}

	/**
	 * An expression that turns a return value into a number to record.
	 */
	static final class ResultExpression {

		private final String operation;

		final String summaryName;

		private final Expression expression;

		private final AtomicBoolean failureLogged = new AtomicBoolean();

		ResultExpression(String operation, String summaryName, Expression expression) {
			this.operation = operation;
			this.summaryName = summaryName;
			this.expression = expression;
		}

		@Nullable Double value(Object result) {
			try {
				Object value = this.expression.getValue(EVALUATION_CONTEXT, result);
				return (value instanceof Number number) ? number.doubleValue() : null;
			}
			catch (RuntimeException ex) {
				logOnce(this.failureLogged, "Could not evaluate the result of operation '" + this.operation + "' with '"
						+ this.expression.getExpressionString() + "'", ex);
				return null;
			}
		}

	}

}
