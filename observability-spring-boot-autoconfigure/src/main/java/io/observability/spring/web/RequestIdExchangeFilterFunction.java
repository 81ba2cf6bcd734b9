package io.observability.spring.web;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * {@link ExchangeFilterFunction} for {@code WebClient} that sends the
 * {@link RequestId#current() current request ID} on outbound calls, unless the call sets
 * the header itself. The ID is read on the thread that subscribes to the exchange: in a
 * servlet application, the thread that calls the {@code WebClient}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class RequestIdExchangeFilterFunction implements ExchangeFilterFunction {

	private final String header;

	/**
	 * Create a new filter function.
	 * @param header the request header that carries the ID
	 */
	public RequestIdExchangeFilterFunction(String header) {
		this.header = header;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (request.headers().getFirst(this.header) != null) {
			return next.exchange(request);
		}
		return RequestId.current()
			.map((requestId) -> next.exchange(ClientRequest.from(request).header(this.header, requestId).build()))
			.orElseGet(() -> next.exchange(request));
	}

}
