package io.observability.spring.operation;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.aspectj.lang.ProceedingJoinPoint;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.aspectj.MethodInvocationProceedingJoinPoint;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ClassUtils;

/**
 * Advisor for what Micrometer's {@link ObservedAspect} does not see: {@code @Observed}
 * declared on an interface method or an interface, not on the implementation. Its
 * pointcut matches only methods whose implementation carries no {@code @Observed} (on the
 * method or its class), which the aspect observes, so no call is observed twice. It hands
 * the call to the aspect itself, with a join point that names the interface method, so
 * the observation is the one the aspect would have made.
 * <p>
 * Its class filter lets through only classes that implement an interface with
 * {@code @Observed} on the interface or on one of its methods: the auto-proxy creator
 * asks the pointcut about every method of every bean, and most beans have no such
 * interface, so their methods are never looked up one by one.
 *
 * @author Observability Spring Boot contributors
 */
final class InterfaceObservedAdvisor extends StaticMethodMatcherPointcutAdvisor {

	private final Map<MethodClassKey, Optional<Method>> interfaceMethods = new ConcurrentHashMap<>();

	InterfaceObservedAdvisor(ObjectProvider<ObservedAspect> aspect) {
		setClassFilter(InterfaceObservedAdvisor::hasObservedInterface);
		setAdvice((MethodInterceptor) (invocation) -> observe(invocation, aspect.getIfAvailable()));
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return interfaceMethod(method, targetClass) != null;
	}

	// Necessary for findInterfaceMethod to find a method: an interface of the class with
	// @Observed on it or on one of its methods, inherited ones included
	static boolean hasObservedInterface(Class<?> targetClass) {
		for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(ClassUtils.getUserClass(targetClass))) {
			if (type.isAnnotationPresent(Observed.class)) {
				return true;
			}
			for (Method method : type.getMethods()) {
				if (method.isAnnotationPresent(Observed.class)) {
					return true;
				}
			}
		}
		return false;
	}

	private @Nullable Object observe(MethodInvocation invocation, @Nullable ObservedAspect aspect) throws Throwable {
		Object target = invocation.getThis();
		Method method = (target != null) ? interfaceMethod(invocation.getMethod(), AopUtils.getTargetClass(target))
				: null;
		if (aspect == null || method == null || !(invocation instanceof ProxyMethodInvocation proxyInvocation)) {
			return invocation.proceed();
		}
		ProceedingJoinPoint joinPoint = new MethodInvocationProceedingJoinPoint(
				new InterfaceMethodInvocation(proxyInvocation, method));
		return method.isAnnotationPresent(Observed.class) ? aspect.observeMethod(joinPoint)
				: aspect.observeClass(joinPoint);
	}

	private @Nullable Method interfaceMethod(Method method, Class<?> targetClass) {
		return this.interfaceMethods
			.computeIfAbsent(new MethodClassKey(method, targetClass),
					(key) -> Optional.ofNullable(findInterfaceMethod(method, targetClass)))
			.orElse(null);
	}

	private static @Nullable Method findInterfaceMethod(Method method, Class<?> targetClass) {
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		Method specificMethod = AopUtils.getMostSpecificMethod(method, userClass);
		if (specificMethod.isAnnotationPresent(Observed.class) || userClass.isAnnotationPresent(Observed.class)
				|| specificMethod.getDeclaringClass().isAnnotationPresent(Observed.class)
				|| Proxy.isProxyClass(userClass)) {
			// The aspect's (a JDK proxy target: the aspect falls back to interface
			// methods)
			return null;
		}
		for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(userClass)) {
			Method candidate = ClassUtils.getMethodIfAvailable(type, method.getName(), method.getParameterTypes());
			if (candidate != null
					&& (candidate.isAnnotationPresent(Observed.class) || type.isAnnotationPresent(Observed.class))) {
				return candidate;
			}
		}
		return null;
	}

}
