package io.observability.spring.operation;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.reflect.MethodSignature;

import org.springframework.core.MethodClassKey;

/**
 * Predicate that matches the join points {@link ObservedOperationAspect} observes, for
 * the {@code shouldSkip} argument of Micrometer's {@code ObservedAspect},
 * {@code TimedAspect} and {@code CountedAspect}: a method that is an
 * {@link ObservedOperation} is measured once, by the operation, even when it also carries
 * {@code @Observed}, {@code @Timed} or {@code @Counted}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class ObservedOperationSkipPredicate implements Predicate<ProceedingJoinPoint> {

	private final Map<MethodClassKey, Boolean> operations = new ConcurrentHashMap<>();

	@Override
	public boolean test(ProceedingJoinPoint joinPoint) {
		Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
		Object target = joinPoint.getTarget();
		Class<?> targetClass = (target != null) ? target.getClass() : method.getDeclaringClass();
		MethodClassKey key = new MethodClassKey(method, targetClass);
		Boolean operation = this.operations.get(key);
		if (operation == null) {
			operation = this.operations.computeIfAbsent(key,
					(ignored) -> OperationMetadata.isOperation(method, targetClass));
		}
		return operation;
	}

}
