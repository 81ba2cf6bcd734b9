package io.observability.spring.operation;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.MethodClassKey;
import org.springframework.util.Assert;

/**
 * Aspect that observes every call of an {@link ObservedOperation} through one Micrometer
 * {@link Observation}, so that the application's observation handlers, predicates and
 * conventions apply: with Spring Boot's handlers, one call yields a span, a timer and the
 * success and failure counts.
 * <p>
 * A method returning a {@link CompletionStage} is observed until the stage completes; a
 * {@code null} stage completes the observation at once. High-cardinality
 * {@link OperationTag tags} are in the MDC while the method runs on the calling thread.
 * The aspect never throws into the observed code: a failure of the instrumentation
 * itself, such as a tag expression that cannot be evaluated, is logged once and ignored.
 * <p>
 * Everything about a method (names, tags, parsed expressions) is resolved on its first
 * call and cached.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@Aspect
public class ObservedOperationAspect {

	private static final Log logger = LogFactory.getLog(ObservedOperationAspect.class);

	private static final Object[] NO_ARGS = {};

	private static final OperationObservationConvention DEFAULT_CONVENTION = new DefaultOperationObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final @Nullable MeterRegistry meterRegistry;

	private final @Nullable OperationObservationConvention convention;

	private final Duration defaultSlowThreshold;

	/**
	 * Keyed by method and target class: with interface-based proxies the join point
	 * reports the interface method, and each implementation has its own annotations.
	 */
	private final Map<MethodClassKey, Resolved> metadata = new ConcurrentHashMap<>();

	private final Set<String> histogramNames = ConcurrentHashMap.newKeySet();

	/**
	 * Create an aspect with the default convention, a slow threshold of one second and no
	 * result summaries.
	 * @param observationRegistry the registry to observe calls with
	 */
	public ObservedOperationAspect(ObservationRegistry observationRegistry) {
		this(observationRegistry, null, null, Duration.ofSeconds(1));
	}

	/**
	 * Create an aspect.
	 * @param observationRegistry the registry to observe calls with
	 * @param meterRegistry the registry to record {@link ObservedOperation#result()
	 * result summaries} in, or {@code null} to record none
	 * @param convention the convention that replaces the default and any global one, or
	 * {@code null}
	 * @param defaultSlowThreshold the slow threshold of operations that do not set one
	 */
	public ObservedOperationAspect(ObservationRegistry observationRegistry, @Nullable MeterRegistry meterRegistry,
			@Nullable OperationObservationConvention convention, Duration defaultSlowThreshold) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		Assert.isTrue(defaultSlowThreshold.compareTo(Duration.ZERO) > 0, "'defaultSlowThreshold' must be positive");
		this.observationRegistry = observationRegistry;
		this.meterRegistry = meterRegistry;
		this.convention = convention;
		this.defaultSlowThreshold = defaultSlowThreshold;
	}

	/**
	 * Observe a call of an annotated method, or of a public method of an annotated type.
	 * @param joinPoint the call
	 * @return the method's return value
	 * @throws Throwable what the method throws
	 */
	@Around("execution(@io.observability.spring.operation.ObservedOperation * *(..)) "
			+ "|| (@within(io.observability.spring.operation.ObservedOperation) && execution(public * *(..)))")
	public @Nullable Object observe(ProceedingJoinPoint joinPoint) throws Throwable {
		Resolved resolved = resolved(joinPoint);
		OperationMetadata operation = resolved.operation;
		if (operation == null) {
			return joinPoint.proceed();
		}
		Object[] args = (operation.lowCardinalityTags.length + operation.highCardinalityTags.length > 0)
				? joinPoint.getArgs() : NO_ARGS;
		OperationContext context = new OperationContext(operation, tags(operation, args),
				highCardinalityTags(operation, args));
		Observation observation = start(resolved, operation, context);
		String[] previousMdc = putMdc(operation, context);
		Observation.Scope scope = openScope(operation, observation);
		try {
			Object result = joinPoint.proceed();
			if (operation.async && result != null) {
				((CompletionStage<?>) result).whenComplete((value, error) -> stop(operation, observation, context,
						value, (error != null) ? unwrap(error) : null));
			}
			else {
				stop(operation, observation, context, result, null);
			}
			return result;
		}
		catch (Throwable ex) {
			stop(operation, observation, context, null, ex);
			throw ex;
		}
		finally {
			closeScope(operation, scope);
			restoreMdc(operation, previousMdc);
		}
	}

	/**
	 * Return whether an operation of this name asked for a percentile histogram. Only
	 * operations that have been called at least once are known.
	 * @param name the operation (and timer) name
	 * @return whether its timer should publish a histogram
	 */
	public boolean isHistogramPublished(String name) {
		return this.histogramNames.contains(name);
	}

	private Resolved resolved(ProceedingJoinPoint joinPoint) {
		Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
		Object target = joinPoint.getTarget();
		Class<?> targetClass = (target != null) ? target.getClass() : method.getDeclaringClass();
		MethodClassKey key = new MethodClassKey(method, targetClass);
		Resolved resolved = this.metadata.get(key);
		if (resolved == null) {
			resolved = this.metadata.computeIfAbsent(key, (ignored) -> resolve(method, targetClass));
		}
		return resolved;
	}

	private Resolved resolve(Method method, Class<?> targetClass) {
		try {
			OperationMetadata operation = OperationMetadata.resolve(method, targetClass, this.defaultSlowThreshold);
			if (operation != null && operation.histogram) {
				this.histogramNames.add(operation.name);
			}
			if (operation == null) {
				return Resolved.NOT_AN_OPERATION;
			}
			OperationObservationConvention custom = (this.convention != null)
					? new NamedConvention(this.convention, operation.name) : null;
			return new Resolved(operation, custom, new NamedConvention(DEFAULT_CONVENTION, operation.name));
		}
		catch (RuntimeException ex) {
			logger.warn("Not observing " + method + ": its @ObservedOperation could not be resolved", ex);
			return Resolved.NOT_AN_OPERATION;
		}
	}

	private KeyValues tags(OperationMetadata operation, Object[] args) {
		if (operation.lowCardinalityTags.length == 0) {
			return operation.staticTags;
		}
		KeyValue[] keyValues = new KeyValue[operation.lowCardinalityTags.length];
		for (int i = 0; i < keyValues.length; i++) {
			OperationMetadata.ParameterTag tag = operation.lowCardinalityTags[i];
			String value = tag.value(args);
			keyValues[i] = KeyValue.of(tag.key, (value != null) ? value : KeyValue.NONE_VALUE);
		}
		return operation.staticTags.and(keyValues);
	}

	private KeyValues highCardinalityTags(OperationMetadata operation, Object[] args) {
		if (operation.highCardinalityTags.length == 0) {
			return KeyValues.empty();
		}
		KeyValues keyValues = KeyValues.empty();
		for (OperationMetadata.ParameterTag tag : operation.highCardinalityTags) {
			String value = tag.value(args);
			if (value != null) {
				keyValues = keyValues.and(tag.key, value);
			}
		}
		return keyValues;
	}

	private Observation start(Resolved resolved, OperationMetadata operation, OperationContext context) {
		try {
			return Observation
				.createNotStarted(resolved.customConvention, resolved.defaultConvention, () -> context,
						this.observationRegistry)
				.start();
		}
		catch (RuntimeException ex) {
			logFailure(operation, "start", ex);
			return Observation.NOOP;
		}
	}

	private Observation.@Nullable Scope openScope(OperationMetadata operation, Observation observation) {
		try {
			return observation.openScope();
		}
		catch (RuntimeException ex) {
			logFailure(operation, "open a scope for", ex);
			return null;
		}
	}

	private void closeScope(OperationMetadata operation, Observation.@Nullable Scope scope) {
		if (scope != null) {
			try {
				scope.close();
			}
			catch (RuntimeException ex) {
				logFailure(operation, "close the scope of", ex);
			}
		}
	}

	private void stop(OperationMetadata operation, Observation observation, OperationContext context,
			@Nullable Object result, @Nullable Throwable error) {
		try {
			context.complete(result, error);
			if (error != null) {
				observation.error(error);
			}
			observation.stop();
			if (error == null && result != null && operation.result != null && this.meterRegistry != null) {
				recordResult(operation, operation.result, context, result);
			}
		}
		catch (RuntimeException ex) {
			logFailure(operation, "stop", ex);
		}
	}

	private void recordResult(OperationMetadata operation, OperationMetadata.ResultExpression expression,
			OperationContext context, Object result) {
		Double value = expression.value(result);
		if (value != null) {
			List<Tag> tags = new ArrayList<>();
			for (KeyValue keyValue : context.getTags()) {
				tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
			}
			DistributionSummary.builder(expression.summaryName).tags(tags).register(this.meterRegistry).record(value);
		}
	}

	private String @Nullable [] putMdc(OperationMetadata operation, OperationContext context) {
		if (operation.mdcKeys.length == 0) {
			return null;
		}
		try {
			String[] previous = new String[operation.mdcKeys.length];
			for (int i = 0; i < previous.length; i++) {
				String key = operation.mdcKeys[i];
				String value = context.getHighCardinalityTag(key);
				previous[i] = MDC.get(key);
				if (value != null) {
					MDC.put(key, value);
				}
			}
			return previous;
		}
		catch (RuntimeException ex) {
			logFailure(operation, "put the MDC of", ex);
			return null;
		}
	}

	private void restoreMdc(OperationMetadata operation, String @Nullable [] previous) {
		if (previous == null) {
			return;
		}
		try {
			for (int i = 0; i < previous.length; i++) {
				if (previous[i] != null) {
					MDC.put(operation.mdcKeys[i], previous[i]);
				}
				else {
					MDC.remove(operation.mdcKeys[i]);
				}
			}
		}
		catch (RuntimeException ex) {
			logFailure(operation, "restore the MDC of", ex);
		}
	}

	private void logFailure(OperationMetadata operation, String action, RuntimeException ex) {
		if (operation.instrumentationFailureLogged.compareAndSet(false, true)) {
			logger.warn("Could not " + action + " the observation of operation '" + operation.name
					+ "' (logged once; the operation itself is not affected)", ex);
		}
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

	/**
	 * What the aspect knows about a method: {@code operation} is {@code null} when the
	 * method is not an operation after all.
	 */
	private record Resolved(@Nullable OperationMetadata operation,
			@Nullable OperationObservationConvention customConvention,
			OperationObservationConvention defaultConvention) {

		static final Resolved NOT_AN_OPERATION = new Resolved(null, null, DEFAULT_CONVENTION);

	}

	/**
	 * A convention that names observations after their operation unless the convention it
	 * delegates to names them, so that observation predicates see the operation name.
	 */
	private static final class NamedConvention implements OperationObservationConvention {

		private final OperationObservationConvention delegate;

		private final String name;

		NamedConvention(OperationObservationConvention delegate, String name) {
			this.delegate = delegate;
			String delegateName = delegate.getName();
			this.name = (delegateName != null && !delegateName.isBlank()) ? delegateName : name;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public @Nullable String getContextualName(OperationContext context) {
			return this.delegate.getContextualName(context);
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(OperationContext context) {
			return this.delegate.getLowCardinalityKeyValues(context);
		}

		@Override
		public KeyValues getHighCardinalityKeyValues(OperationContext context) {
			return this.delegate.getHighCardinalityKeyValues(context);
		}

	}

}
