package io.observability.spring.operation;

import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * {@link ObservationHandler} that logs one {@code WARN} line when an
 * {@link ObservedOperation} fails, with the operation name, duration, exception class and
 * message, or when it succeeds after more than its slow threshold. The line carries the
 * operation's high-cardinality tags (such as a document ID) in the message and as SLF4J
 * key-value pairs, so that JSON encoders render them as fields.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class OperationLoggingObservationHandler implements ObservationHandler<OperationContext> {

	private static final Logger logger = LoggerFactory.getLogger(OperationLoggingObservationHandler.class);

	@Override
	public void onStop(OperationContext context) {
		if (!logger.isWarnEnabled()) {
			return;
		}
		long elapsedNanos = context.getElapsedNanos();
		Throwable error = context.getError();
		if (error == null && !context.isSlow(elapsedNanos)) {
			return;
		}
		long durationMs = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
		StringBuilder message = new StringBuilder("Operation ").append(context.getOperationName());
		if (error != null) {
			message.append(" failed after ").append(durationMs).append(" ms: ");
			message.append(OperationMetadata.exceptionName(error)).append(": ").append(error.getMessage());
		}
		else {
			message.append(" took ").append(durationMs).append(" ms, above its slow threshold of ");
			message.append(context.getSlowThreshold().toMillis()).append(" ms");
		}
		LoggingEventBuilder event = logger.atWarn()
			.addKeyValue("operation", context.getOperationName())
			.addKeyValue("duration_ms", durationMs)
			.addKeyValue("outcome", (error != null) ? "failure" : "success");
		if (error != null) {
			event = event.addKeyValue("exception", OperationMetadata.exceptionName(error));
		}
		for (KeyValue tag : context.getHighCardinalityTags()) {
			message.append(", ").append(tag.getKey()).append('=').append(tag.getValue());
			event = event.addKeyValue(tag.getKey(), tag.getValue());
		}
		event.log(message.toString());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof OperationContext;
	}

}
