package io.observability.sample.erp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in for the ERP's order API, served by this application so that the sample needs
 * nothing else: it logs the trace context and request ID it receives, takes a while to
 * answer, and fails or hangs for a configurable share of the orders.
 *
 * @author Observability Spring Boot contributors
 */
@RestController
@ConditionalOnBooleanProperty(name = "sample.erp.stub.enabled", matchIfMissing = true)
class ErpStubController {

	private static final Logger logger = LoggerFactory.getLogger(ErpStubController.class);

	private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

	private final ErpProperties properties;

	private final AtomicLong orderNumbers = new AtomicLong(100_000);

	ErpStubController(ErpProperties properties) {
		this.properties = properties;
	}

	@PostMapping("/erp-stub/orders")
	ResponseEntity<?> receive(@RequestBody ErpOrder order,
			@RequestHeader(name = "traceparent", required = false) @Nullable String traceparent)
			throws InterruptedException {
		ErpProperties.Stub stub = this.properties.getStub();
		// The request ID is in the MDC (request_id), put there by the starter from the
		// X-Request-ID header the client sent
		logger.atInfo()
			.addKeyValue("erp_order_id", order.orderId())
			.addKeyValue("received_traceparent",
					(traceparent != null && TRACEPARENT.matcher(traceparent).matches()) ? traceparent
							: "invalid or none")
			.log("ERP stub received order {} of {} with {} lines", order.orderId(), order.customer(),
					order.lines().size());
		double dice = ThreadLocalRandom.current().nextDouble();
		if (dice < stub.getTimeoutRate()) {
			Thread.sleep(this.properties.getReadTimeout().multipliedBy(2).toMillis());
			return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).build();
		}
		Thread.sleep(jittered(stub.getLatency()));
		if (dice < stub.getTimeoutRate() + stub.getFailureRate()) {
			logger.warn("ERP stub rejects order {}: simulated outage", order.orderId());
			return ResponseEntity
				.of(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "ERP order intake is unavailable"))
				.build();
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new ErpReceipt("ERP-" + this.orderNumbers.incrementAndGet()));
	}

	private static long jittered(Duration latency) {
		long millis = latency.toMillis();
		return (millis > 0) ? millis / 2 + ThreadLocalRandom.current().nextLong(millis + 1) : 0;
	}

}
