package io.observability.sample.inbound;

import java.util.ArrayList;
import java.util.List;

import io.observability.sample.catalogue.ProductMatch;
import io.observability.sample.catalogue.ProductMatcher;
import io.observability.sample.catalogue.UnmatchedProductException;
import io.observability.sample.extraction.DocumentExtractor;
import io.observability.sample.extraction.OrderLineItem;
import io.observability.sample.extraction.UnreadableDocumentException;
import io.observability.sample.inbound.InboundMessage.Status;
import io.observability.sample.orders.Order;
import io.observability.sample.orders.OrderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Turns a received message into a draft order: extraction, product matching, draft. Runs
 * on Spring Boot's task executor, after the {@code 202 Accepted}: the starter carries the
 * trace context and the request ID onto the executor's threads, so the steps' spans join
 * the request's trace and their log lines carry its {@code request_id}.
 *
 * @author Observability Spring Boot contributors
 */
@Component
public class IntakePipeline {

	private static final Logger logger = LoggerFactory.getLogger(IntakePipeline.class);

	private final InboundMessageService messages;

	private final DocumentExtractor extractor;

	private final ProductMatcher matcher;

	private final OrderService orders;

	IntakePipeline(InboundMessageService messages, DocumentExtractor extractor, ProductMatcher matcher,
			OrderService orders) {
		this.messages = messages;
		this.extractor = extractor;
		this.matcher = matcher;
		this.orders = orders;
	}

	/**
	 * Process a received message in the background.
	 * @param message the message
	 */
	@Async
	public void process(InboundMessage message) {
		try {
			InboundDocument document = this.messages.document(message);
			List<OrderLineItem> lines = this.extractor.extract(document);
			List<ProductMatch> matches = new ArrayList<>(lines.size());
			for (OrderLineItem line : lines) {
				matches.add(this.matcher.match(document.id(), document.source(), line));
			}
			Order order = this.orders.draft(document, matches);
			this.messages.processed(message.id(), Status.DRAFTED, order.id(), null);
		}
		catch (UnreadableDocumentException ex) {
			this.messages.processed(message.id(), Status.UNREADABLE, null, ex.getMessage());
		}
		catch (UnmatchedProductException ex) {
			this.messages.processed(message.id(), Status.UNMATCHED, null, ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Processing message {} failed", message.id(), ex);
			this.messages.processed(message.id(), Status.FAILED, null, ex.getClass().getSimpleName());
		}
	}

}
