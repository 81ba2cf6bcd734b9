package io.observability.sample.inbound;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import io.observability.spring.operation.ObservedOperation;
import io.observability.spring.operation.OperationTag;
import io.observability.spring.operation.OperationTag.Cardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Receives inbound messages and hands them to the pipeline.
 *
 * @author Observability Spring Boot contributors
 */
@Service
public class InboundMessageService {

	private static final Logger logger = LoggerFactory.getLogger(InboundMessageService.class);

	private final InboundMessageRepository repository;

	private final Clock clock;

	InboundMessageService(InboundMessageRepository repository) {
		this.repository = repository;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Store a new inbound message.
	 * @param source the channel it arrived through
	 * @param customer the sending customer
	 * @param content the raw document
	 * @return the stored message
	 */
	@ObservedOperation(name = "inbound.messages.receive", contextualName = "receive inbound message")
	public InboundMessage receive(@OperationTag("source") InboundMessage.Source source,
			@OperationTag(key = "customer", cardinality = Cardinality.HIGH) String customer, String content) {
		InboundMessage message = new InboundMessage(UUID.randomUUID().toString(), source, customer, content,
				InboundMessage.Status.RECEIVED, this.clock.instant());
		this.repository.save(message);
		logger.info("Received {} message {} from {}", source, message.id(), customer);
		return message;
	}

	/**
	 * Find a message by its ID.
	 * @param id the message ID
	 * @return the message, if it exists
	 */
	@ObservedOperation(name = "inbound.messages.find", contextualName = "find inbound message")
	public Optional<InboundMessage> find(@OperationTag(key = "message_id", cardinality = Cardinality.HIGH) String id) {
		return this.repository.findById(id);
	}

}
