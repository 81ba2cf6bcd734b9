package io.observability.sample.inbound;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * API through which documents enter the service.
 *
 * @author Observability Spring Boot contributors
 */
@RestController
@RequestMapping("/api/inbound-messages")
class InboundMessageController {

	private final InboundMessageService service;

	InboundMessageController(InboundMessageService service) {
		this.service = service;
	}

	@PostMapping
	ResponseEntity<Accepted> receive(@RequestBody NewInboundMessage request) {
		if (request.source() == null || !StringUtils.hasText(request.customer())
				|| !StringUtils.hasText(request.content())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "source, customer and content are required");
		}
		InboundMessage message = this.service.receive(request.source(), request.customer(), request.content());
		return ResponseEntity.accepted()
			.location(URI.create("/api/inbound-messages/" + message.id()))
			.body(new Accepted(message.id(), message.status()));
	}

	@GetMapping("/{id}")
	InboundMessage get(@PathVariable String id) {
		return this.service.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No inbound message " + id));
	}

	record NewInboundMessage(InboundMessage.@Nullable Source source, @Nullable String customer,
			@Nullable String content) {
	}

	record Accepted(String id, InboundMessage.Status status) {
	}

}
