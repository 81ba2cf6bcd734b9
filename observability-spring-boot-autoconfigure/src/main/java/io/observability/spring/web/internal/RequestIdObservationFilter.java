package io.observability.spring.web.internal;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.observability.spring.web.RequestId;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * {@link ObservationFilter} that adds the request ID to the observation of every inbound
 * HTTP request as the high-cardinality key {@value #KEY}: an attribute of the server
 * span, never a metric tag.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class RequestIdObservationFilter implements ObservationFilter {

	/**
	 * Key of the request ID in the observation and span.
	 */
	public static final String KEY = "request.id";

	@Override
	public Observation.Context map(Observation.Context context) {
		if (context instanceof ServerRequestObservationContext serverContext) {
			String requestId = RequestId.of(serverContext.getCarrier());
			if (requestId != null) {
				context.addHighCardinalityKeyValue(KeyValue.of(KEY, requestId));
			}
		}
		return context;
	}

}
