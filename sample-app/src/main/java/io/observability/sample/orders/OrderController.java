package io.observability.sample.orders;

import io.observability.sample.erp.ErpException;
import io.observability.sample.erp.ErpTimeoutException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * API of draft orders and their approval.
 *
 * @author Observability Spring Boot contributors
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderService service;

	OrderController(OrderService service) {
		this.service = service;
	}

	@GetMapping("/{id}")
	Order get(@PathVariable String id) {
		return this.service.find(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

	// 200 with the pushed order, 502 or 504 when the ERP fails (the order is then
	// PUSH_FAILED and can be approved again)
	@PostMapping("/{id}/approve")
	Order approve(@PathVariable String id) {
		return this.service.approve(id);
	}

	@ExceptionHandler
	ProblemDetail notFound(OrderNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail conflict(OrderStateException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail erpFailed(ErpException ex) {
		HttpStatus status = (ex instanceof ErpTimeoutException) ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
		return ProblemDetail.forStatusAndDetail(status, ex.getMessage());
	}

}
