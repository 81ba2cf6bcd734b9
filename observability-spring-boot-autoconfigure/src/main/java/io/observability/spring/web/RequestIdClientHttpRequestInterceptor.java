package io.observability.spring.web;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * {@link ClientHttpRequestInterceptor} for {@code RestClient} and {@code RestTemplate}
 * that sends the {@link RequestId#current() current request ID} on outbound calls, unless
 * the call sets the header itself.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class RequestIdClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final String header;

	/**
	 * Create a new interceptor.
	 * @param header the request header that carries the ID
	 */
	public RequestIdClientHttpRequestInterceptor(String header) {
		this.header = header;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (request.getHeaders().getFirst(this.header) == null) {
			RequestId.current().ifPresent((requestId) -> request.getHeaders().set(this.header, requestId));
		}
		return execution.execute(request, body);
	}

}
