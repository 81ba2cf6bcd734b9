package io.observability.spring.logging;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * An {@link ILoggingEvent} that reads like another one, except for its key-value pairs,
 * arguments, markers and throwable, which are replaced.
 *
 * @author Observability Spring Boot contributors
 */
final class ReplacedValuesLoggingEvent implements ILoggingEvent {

	private final ILoggingEvent event;

	private final @Nullable List<KeyValuePair> keyValuePairs;

	private final Object @Nullable [] arguments;

	private final @Nullable List<Marker> markers;

	private final @Nullable IThrowableProxy throwable;

	ReplacedValuesLoggingEvent(ILoggingEvent event, @Nullable List<KeyValuePair> keyValuePairs,
			Object @Nullable [] arguments, @Nullable List<Marker> markers, @Nullable IThrowableProxy throwable) {
		this.event = event;
		this.keyValuePairs = keyValuePairs;
		this.arguments = arguments;
		this.markers = markers;
		this.throwable = throwable;
	}

	@Override
	public String getThreadName() {
		return this.event.getThreadName();
	}

	@Override
	public Level getLevel() {
		return this.event.getLevel();
	}

	@Override
	public String getMessage() {
		return this.event.getMessage();
	}

	@Override
	public Object @Nullable [] getArgumentArray() {
		return this.arguments;
	}

	@Override
	public String getFormattedMessage() {
		return this.event.getFormattedMessage();
	}

	@Override
	public String getLoggerName() {
		return this.event.getLoggerName();
	}

	@Override
	public LoggerContextVO getLoggerContextVO() {
		return this.event.getLoggerContextVO();
	}

	@Override
	public @Nullable IThrowableProxy getThrowableProxy() {
		return this.throwable;
	}

	@Override
	public StackTraceElement[] getCallerData() {
		return this.event.getCallerData();
	}

	@Override
	public boolean hasCallerData() {
		return this.event.hasCallerData();
	}

	@Override
	public @Nullable List<Marker> getMarkerList() {
		return this.markers;
	}

	@Override
	public Map<String, String> getMDCPropertyMap() {
		return this.event.getMDCPropertyMap();
	}

	@Override
	@SuppressWarnings("deprecation")
	public Map<String, String> getMdc() {
		return this.event.getMdc();
	}

	@Override
	public long getTimeStamp() {
		return this.event.getTimeStamp();
	}

	@Override
	public int getNanoseconds() {
		return this.event.getNanoseconds();
	}

	@Override
	public Instant getInstant() {
		return this.event.getInstant();
	}

	@Override
	public long getSequenceNumber() {
		return this.event.getSequenceNumber();
	}

	@Override
	public @Nullable List<KeyValuePair> getKeyValuePairs() {
		return this.keyValuePairs;
	}

	@Override
	public void prepareForDeferredProcessing() {
		this.event.prepareForDeferredProcessing();
	}

}
