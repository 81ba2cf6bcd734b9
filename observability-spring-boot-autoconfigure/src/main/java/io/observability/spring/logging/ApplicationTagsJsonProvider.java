package io.observability.spring.logging;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.composite.loggingevent.TagsJsonProvider;
import org.slf4j.Marker;
import tools.jackson.core.JsonGenerator;

/**
 * {@link TagsJsonProvider} that leaves out the {@code COMMONS-LOGGING} marker that
 * Spring's Commons Logging bridge puts on every event it forwards, which would otherwise
 * add {@code "tags":["COMMONS-LOGGING"]} to most lines.
 *
 * @author Observability Spring Boot contributors
 */
class ApplicationTagsJsonProvider extends TagsJsonProvider {

	private static final String COMMONS_LOGGING = "COMMONS-LOGGING";

	@Override
	public void writeTo(JsonGenerator generator, ILoggingEvent event) {
		List<Marker> markers = event.getMarkerList();
		if (markers != null && markers.size() == 1 && COMMONS_LOGGING.equals(markers.get(0).getName())) {
			return;
		}
		super.writeTo(generator, event);
	}

}
