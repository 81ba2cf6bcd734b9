package io.observability.sample.inbound;

import java.time.Clock;
import java.util.Optional;

import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.Cardinality;
import io.observability.sample.inbound.InboundMessage.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Receives inbound messages: recognises duplicates, stores the raw document and records
 * the message.
 *
 * @author Observability Spring Boot contributors
 */
@Service
public class InboundMessageService {

	private static final Logger logger = LoggerFactory.getLogger(InboundMessageService.class);

	private final InboundMessageRepository repository;

	private final DocumentStore documents;

	private final Deduplicator deduplicator;

	private final Clock clock;

	InboundMessageService(InboundMessageRepository repository, DocumentStore documents, Deduplicator deduplicator,
			Clock clock) {
		this.repository = repository;
		this.documents = documents;
		this.deduplicator = deduplicator;
		this.clock = clock;
	}

	/**
	 * Receive a document, unless the same document was received before.
	 * @param document the document
	 * @return the stored message, or the message of the same document received before
	 */
	@Observed(name = "inbound.messages.receive", contextualName = "receive inbound message")
	public Received receive(@ObservationKeyValue(key = "document_id", expression = "id",
			cardinality = Cardinality.HIGH) @ObservationKeyValue(key = "customer", expression = "customer",
					cardinality = Cardinality.HIGH) @ObservationKeyValue(key = "source", expression = "source",
							cardinality = Cardinality.LOW) InboundDocument document) {
		Optional<String> original = this.deduplicator.claim(document);
		if (original.isPresent()) {
			logger.info("Ignoring {} message from {}: same document as message {}", document.source(),
					document.customer(), original.get());
			InboundMessage message = this.repository.findById(original.get())
				.orElseGet(() -> received(document, original.get()));
			return new Received(message, true);
		}
		String location = this.documents.store(document);
		InboundMessage message = received(document, document.id());
		this.repository.save(message, location);
		logger.info("Received {} message {} from {}", document.source(), message.id(), document.customer());
		return new Received(message, false);
	}

	/**
	 * Find a message by its ID.
	 * @param id the message ID
	 * @return the message, if it exists
	 */
	@Observed(name = "inbound.messages.find", contextualName = "find inbound message")
	public Optional<InboundMessage> find(
			@ObservationKeyValue(key = "message_id", cardinality = Cardinality.HIGH) String id) {
		return this.repository.findById(id);
	}

	/**
	 * Load the raw document of a message.
	 * @param message the message
	 * @return the document
	 */
	InboundDocument document(InboundMessage message) {
		String location = this.repository.documentLocation(message.id());
		return new InboundDocument(message.id(), message.source(), message.customer(), this.documents.load(location));
	}

	/**
	 * Record how processing a message ended.
	 * @param id the message ID
	 * @param status the new status
	 * @param orderId the order drafted from it, if any
	 * @param failureReason why it failed, if it did
	 */
	void processed(String id, Status status, @Nullable String orderId, @Nullable String failureReason) {
		this.repository.update(id, status, orderId, failureReason, this.clock.instant());
	}

	private InboundMessage received(InboundDocument document, String id) {
		return new InboundMessage(id, document.source(), document.customer(), Status.RECEIVED, null, null,
				this.clock.instant());
	}

	/**
	 * Outcome of receiving a document.
	 *
	 * @param message the message
	 * @param duplicate whether the document had been received before
	 */
	public record Received(InboundMessage message, boolean duplicate) {

	}

}
