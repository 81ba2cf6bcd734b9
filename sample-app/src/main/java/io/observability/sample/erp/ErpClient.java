package io.observability.sample.erp;

import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;

import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.Cardinality;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Pushes approved orders to the ERP over HTTP, through a {@link RestClient} built by
 * Spring Boot, so that the call is observed (a client span, {@code http.client.requests})
 * and carries the trace context and the request ID.
 *
 * @author Observability Spring Boot contributors
 */
@Component
public class ErpClient {

	private static final Logger logger = LoggerFactory.getLogger(ErpClient.class);

	private final RestClient restClient;

	private volatile @Nullable String baseUrl;

	ErpClient(RestClient.Builder restClientBuilder, ErpProperties properties) {
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(properties.getConnectTimeout(), properties.getReadTimeout());
		this.restClient = restClientBuilder.requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings))
			.build();
		this.baseUrl = properties.getBaseUrl();
	}

	/**
	 * Without a configured ERP, use the stub this application serves, once its port is
	 * known.
	 * @param event the event of the application's web server
	 */
	@EventListener
	void useStubUnlessConfigured(WebServerInitializedEvent event) {
		if (this.baseUrl == null && event.getApplicationContext().getServerNamespace() == null) {
			this.baseUrl = "http://127.0.0.1:" + event.getWebServer().getPort() + "/erp-stub";
		}
	}

	/**
	 * Push an order to the ERP.
	 * @param order the order
	 * @return the ERP's receipt
	 * @throws ErpTimeoutException if the ERP does not answer in time
	 * @throws ErpException if the ERP rejects the order or cannot be reached
	 */
	@Observed(name = "erp.orders.push", contextualName = "push order to ERP")
	public ErpReceipt push(@ObservationKeyValue(key = "order_id", expression = "orderId",
			cardinality = Cardinality.HIGH) @ObservationKeyValue(key = "document_id", expression = "documentId",
					cardinality = Cardinality.HIGH) @ObservationKeyValue(key = "source", expression = "source",
							cardinality = Cardinality.LOW) ErpOrder order) {
		String baseUrl = this.baseUrl;
		if (baseUrl == null) {
			throw new ErpException("No ERP configured (sample.erp.base-url) and no web server yet", null);
		}
		try {
			ErpReceipt receipt = this.restClient.post()
				.uri(baseUrl + "/orders")
				.body(order)
				.retrieve()
				.body(ErpReceipt.class);
			if (receipt == null) {
				throw new ErpException("ERP accepted the order without a reference", null);
			}
			logger.info("ERP accepted order {} as {}", order.orderId(), receipt.reference());
			return receipt;
		}
		catch (ResourceAccessException ex) {
			if (ex.getCause() instanceof HttpTimeoutException || ex.getCause() instanceof InterruptedIOException) {
				throw new ErpTimeoutException("ERP did not answer in time", ex);
			}
			throw new ErpException("ERP unreachable: " + ex.getMessage(), ex);
		}
		catch (RestClientResponseException ex) {
			throw new ErpException("ERP answered " + ex.getStatusCode().value(), ex);
		}
		catch (RestClientException ex) {
			throw new ErpException("ERP call failed: " + ex.getMessage(), ex);
		}
	}

}
