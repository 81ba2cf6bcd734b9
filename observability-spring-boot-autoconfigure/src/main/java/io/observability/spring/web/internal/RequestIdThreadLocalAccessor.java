package io.observability.spring.web.internal;

import io.micrometer.context.ThreadLocalAccessor;
import io.observability.spring.web.RequestId;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * {@link ThreadLocalAccessor} that lets Micrometer's context propagation carry the
 * request ID ({@link MDC} key {@value RequestId#MDC_KEY}) to other threads, for example
 * through Spring's {@code ContextPropagatingTaskDecorator} onto {@code @Async} methods.
 * Registered through {@code META-INF/services}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class RequestIdThreadLocalAccessor implements ThreadLocalAccessor<String> {

	@Override
	public Object key() {
		return RequestId.MDC_KEY;
	}

	@Override
	public @Nullable String getValue() {
		return MDC.get(RequestId.MDC_KEY);
	}

	@Override
	public void setValue(String value) {
		MDC.put(RequestId.MDC_KEY, value);
	}

	@Override
	public void setValue() {
		MDC.remove(RequestId.MDC_KEY);
	}

}
