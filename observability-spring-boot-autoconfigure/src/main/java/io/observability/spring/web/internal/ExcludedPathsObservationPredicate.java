package io.observability.spring.web.internal;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * {@link ObservationPredicate} that keeps inbound requests to excluded paths, such as
 * probes and scrapes under the actuator base path, out of {@code http.server.requests}
 * metrics and traces.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class ExcludedPathsObservationPredicate implements ObservationPredicate {

	private final RequestPathMatcher excludedPaths;

	/**
	 * Create a new predicate.
	 * @param excludedPaths the paths whose requests are not observed
	 */
	public ExcludedPathsObservationPredicate(RequestPathMatcher excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		return !(context instanceof ServerRequestObservationContext serverContext)
				|| !this.excludedPaths.matches(serverContext.getCarrier());
	}

}
