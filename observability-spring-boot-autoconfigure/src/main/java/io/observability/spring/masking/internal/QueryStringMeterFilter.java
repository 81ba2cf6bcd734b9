package io.observability.spring.masking.internal;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * {@link MeterFilter} that removes the query string from the {@code uri} tag of every
 * meter. The {@link QueryStringObservationFilter} runs when an observation stops, too
 * late for the meters a handler registers when it starts, such as the
 * {@code http.client.requests.active} long task timer.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class QueryStringMeterFilter implements MeterFilter {

	private static final String URI = "uri";

	@Override
	public Meter.Id map(Meter.Id id) {
		String uri = id.getTag(URI);
		if (uri == null) {
			return id;
		}
		String stripped = QueryStrings.remove(uri);
		if (stripped.length() == uri.length()) {
			return id;
		}
		List<Tag> tags = new ArrayList<>();
		for (Tag tag : id.getTagsAsIterable()) {
			tags.add(URI.equals(tag.getKey()) ? Tag.of(URI, stripped) : tag);
		}
		return id.replaceTags(tags);
	}

}
