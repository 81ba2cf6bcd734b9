package io.observability.spring.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.AbstractFieldJsonProvider;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the {@code service} field, the application's name, on every line. The encoder's
 * own {@code customFields} would do it by writing a parsed JSON tree through Jackson's
 * serializers on every event; a constant string needs none of that.
 *
 * @author Observability Spring Boot contributors
 */
final class ServiceJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

	private static final String FIELD_SERVICE = "service";

	private final String service;

	ServiceJsonProvider(String service) {
		this.service = service;
		setFieldName(FIELD_SERVICE);
	}

	@Override
	public void writeTo(JsonGenerator generator, ILoggingEvent event) {
		generator.writeStringProperty(getFieldName(), this.service);
	}

}
