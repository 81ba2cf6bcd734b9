package io.observability.spring.operation;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;

/**
 * A call seen through the interface method that declares {@code @Observed}. Its
 * {@link #getProxy() proxy} is the target, whose class, unlike a CGLIB proxy's, lists the
 * interfaces from which Micrometer reads {@code @ObservationKeyValue} parameters.
 *
 * @author Observability Spring Boot contributors
 */
final class InterfaceMethodInvocation implements ProxyMethodInvocation {

	private final ProxyMethodInvocation delegate;

	private final Method method;

	InterfaceMethodInvocation(ProxyMethodInvocation delegate, Method method) {
		this.delegate = delegate;
		this.method = method;
	}

	@Override
	public Method getMethod() {
		return this.method;
	}

	@Override
	public Object getProxy() {
		Object target = this.delegate.getThis();
		return (target != null) ? target : this.delegate.getProxy();
	}

	@Override
	public MethodInvocation invocableClone() {
		return this.delegate.invocableClone();
	}

	@Override
	public MethodInvocation invocableClone(@Nullable Object... arguments) {
		return this.delegate.invocableClone(arguments);
	}

	@Override
	public void setArguments(@Nullable Object... arguments) {
		this.delegate.setArguments(arguments);
	}

	@Override
	public void setUserAttribute(String key, @Nullable Object value) {
		this.delegate.setUserAttribute(key, value);
	}

	@Override
	public @Nullable Object getUserAttribute(String key) {
		return this.delegate.getUserAttribute(key);
	}

	@Override
	public @Nullable Object[] getArguments() {
		return this.delegate.getArguments();
	}

	@Override
	public @Nullable Object proceed() throws Throwable {
		return this.delegate.proceed();
	}

	@Override
	public @Nullable Object getThis() {
		return this.delegate.getThis();
	}

	@Override
	public AccessibleObject getStaticPart() {
		return this.method;
	}

}
