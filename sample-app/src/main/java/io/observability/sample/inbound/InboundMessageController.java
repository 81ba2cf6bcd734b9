package io.observability.sample.inbound;

import java.net.URI;

import io.observability.sample.inbound.InboundMessage.Source;
import io.observability.sample.inbound.InboundMessage.Status;
import io.observability.sample.inbound.InboundMessageService.Received;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

	private final IntakePipeline pipeline;

	InboundMessageController(InboundMessageService service, IntakePipeline pipeline) {
		this.service = service;
		this.pipeline = pipeline;
	}

	// 202 and processing in the background, or 200 with the earlier message when the
	// same document was received before
	@PostMapping
	ResponseEntity<Accepted> receive(@Valid @RequestBody NewInboundMessage request) {
		Received received = this.service
			.receive(InboundDocument.create(request.source(), request.customer(), request.content()));
		InboundMessage message = received.message();
		if (!received.duplicate()) {
			this.pipeline.process(message);
		}
		return ResponseEntity.status(received.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED)
			.location(URI.create("/api/inbound-messages/" + message.id()))
			.body(new Accepted(message.id(), message.status(), received.duplicate()));
	}

	@GetMapping("/{id}")
	InboundMessage get(@PathVariable String id) {
		return this.service.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No inbound message " + id));
	}

	record NewInboundMessage(@NotNull Source source, @NotBlank @Size(max = 200) String customer,
			@NotBlank @Size(max = 100_000) String content) {
	}

	record Accepted(String id, Status status, boolean duplicate) {
	}

}
