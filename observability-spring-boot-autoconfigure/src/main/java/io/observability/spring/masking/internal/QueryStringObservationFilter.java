package io.observability.spring.masking.internal;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.jspecify.annotations.Nullable;

/**
 * {@link ObservationFilter} that removes the query string from the {@code uri} key value
 * of every observation ({@code http.server.requests}, {@code http.client.requests}: a
 * client request made with {@code /items/{id}?api_key=…} keeps its query in the URI
 * template) and from its URL key values ({@code http.url}), so that neither the metric
 * tag nor the span attribute carries it, unless the {@link MaskingPolicy} keeps query
 * strings.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class QueryStringObservationFilter implements ObservationFilter {

	private static final String[] URL_NAMES = QueryStrings.urlNames();

	private final MaskingPolicy policy;

	/**
	 * Create a filter.
	 * @param policy the masking policy
	 */
	public QueryStringObservationFilter(MaskingPolicy policy) {
		this.policy = policy;
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		if (this.policy.keepsQueryStrings() || !this.policy.isEnabled()) {
			return context;
		}
		KeyValue uri = withoutQuery(context.getLowCardinalityKeyValue("uri"));
		if (uri != null) {
			context.addLowCardinalityKeyValue(uri);
		}
		// Looked up by name: reading all of them would copy and sort them for every
		// observation, most of which have no URL
		for (String name : URL_NAMES) {
			KeyValue url = withoutQuery(context.getHighCardinalityKeyValue(name));
			if (url != null) {
				context.addHighCardinalityKeyValue(url);
			}
		}
		return context;
	}

	private static @Nullable KeyValue withoutQuery(@Nullable KeyValue keyValue) {
		if (keyValue == null) {
			return null;
		}
		String value = keyValue.getValue();
		String stripped = QueryStrings.remove(value);
		return (stripped.length() != value.length()) ? KeyValue.of(keyValue.getKey(), stripped) : null;
	}

}
