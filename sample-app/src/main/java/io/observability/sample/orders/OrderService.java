package io.observability.sample.orders;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.Cardinality;
import io.observability.sample.catalogue.ProductMatch;
import io.observability.sample.erp.ErpClient;
import io.observability.sample.erp.ErpException;
import io.observability.sample.erp.ErpOrder;
import io.observability.sample.erp.ErpReceipt;
import io.observability.sample.inbound.InboundDocument;
import io.observability.sample.orders.Order.Line;
import io.observability.sample.orders.Order.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Drafts orders from matched documents, and approves them, which pushes them to the ERP.
 *
 * @author Observability Spring Boot contributors
 */
@Service
public class OrderService {

	private static final Logger logger = LoggerFactory.getLogger(OrderService.class);

	private final OrderRepository repository;

	private final ErpClient erp;

	private final Clock clock;

	OrderService(OrderRepository repository, ErpClient erp, Clock clock) {
		this.repository = repository;
		this.erp = erp;
		this.clock = clock;
	}

	/**
	 * Draft an order from the matched lines of a document.
	 * @param document the document
	 * @param matches the product of each line
	 * @return the draft order
	 */
	@Observed(name = "orders.draft", contextualName = "draft order")
	public Order draft(@ObservationKeyValue(key = "document_id", expression = "id",
			cardinality = Cardinality.HIGH) @ObservationKeyValue(key = "source", expression = "source",
					cardinality = Cardinality.LOW) InboundDocument document,
			List<ProductMatch> matches) {
		Instant now = this.clock.instant();
		List<Line> lines = matches.stream()
			.map((match) -> new Line(match.line().lineNumber(), match.line().description(), match.line().quantity(),
					match.product().sku(), match.confidence()))
			.toList();
		Order order = new Order(UUID.randomUUID().toString(), document.id(), document.source(), document.customer(),
				Status.DRAFT, lines, null, null, now, now);
		this.repository.insert(order);
		logger.info("Drafted order {} with {} lines{}", order.id(), lines.size(),
				order.isReviewRequired() ? ", review required" : "");
		return order;
	}

	/**
	 * Find an order by its ID.
	 * @param id the order ID
	 * @return the order, if it exists
	 */
	public Optional<Order> find(String id) {
		return this.repository.findById(id);
	}

	/**
	 * Approve a draft order, or one whose push failed, and push it to the ERP.
	 * @param id the order ID
	 * @return the order pushed to the ERP
	 * @throws OrderNotFoundException if the order does not exist
	 * @throws OrderStateException if the order was already approved
	 * @throws ErpException if the ERP did not accept the order, which is then
	 * {@link Status#PUSH_FAILED}
	 */
	@Observed(name = "orders.approve", contextualName = "approve order")
	public Order approve(@ObservationKeyValue(key = "order_id", cardinality = Cardinality.HIGH) String id) {
		Order order = this.repository.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
		if (!this.repository.approve(id, this.clock.instant())) {
			throw new OrderStateException("Order " + id + " is already " + order.status());
		}
		logger.info("Approved order {} of {} ({} lines)", id, order.customer(), order.lines().size());
		try {
			ErpReceipt receipt = this.erp.push(erpOrder(order));
			this.repository.update(id, Status.PUSHED, receipt.reference(), null, this.clock.instant());
		}
		catch (ErpException ex) {
			this.repository.update(id, Status.PUSH_FAILED, null, ex.getMessage(), this.clock.instant());
			throw ex;
		}
		return this.repository.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

	private static ErpOrder erpOrder(Order order) {
		return new ErpOrder(order.id(), order.messageId(), order.source().name(), order.customer(),
				order.lines().stream().map((line) -> new ErpOrder.Line(line.sku(), line.quantity())).toList());
	}

}
