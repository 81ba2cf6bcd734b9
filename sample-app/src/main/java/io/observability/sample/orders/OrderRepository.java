package io.observability.sample.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.observability.sample.inbound.InboundMessage.Source;
import io.observability.sample.orders.Order.Line;
import io.observability.sample.orders.Order.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores orders in the {@code customer_order} and {@code order_line} tables.
 *
 * @author Observability Spring Boot contributors
 */
@Repository
class OrderRepository {

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional
	void insert(Order order) {
		this.jdbc
			.sql("INSERT INTO customer_order (id, message_id, source, customer, status, created_at, updated_at) "
					+ "VALUES (:id, :messageId, :source, :customer, :status, :createdAt, :createdAt)")
			.param("id", order.id())
			.param("messageId", order.messageId())
			.param("source", order.source().name())
			.param("customer", order.customer())
			.param("status", order.status().name())
			.param("createdAt", Timestamp.from(order.createdAt()))
			.update();
		for (Line line : order.lines()) {
			this.jdbc
				.sql("INSERT INTO order_line (order_id, line_number, description, quantity, sku, confidence) "
						+ "VALUES (?, ?, ?, ?, ?, ?)")
				.params(order.id(), line.lineNumber(), line.description(), line.quantity(), line.sku(),
						line.confidence())
				.update();
		}
	}

	Optional<Order> findById(String id) {
		List<Line> lines = this.jdbc
			.sql("SELECT line_number, description, quantity, sku, confidence FROM order_line WHERE order_id = ? "
					+ "ORDER BY line_number")
			.param(id)
			.query((rs, rowNum) -> new Line(rs.getInt("line_number"), rs.getString("description"),
					rs.getInt("quantity"), rs.getString("sku"), rs.getDouble("confidence")))
			.list();
		return this.jdbc
			.sql("SELECT id, message_id, source, customer, status, erp_reference, failure_reason, created_at, "
					+ "updated_at FROM customer_order WHERE id = ?")
			.param(id)
			.query((rs, rowNum) -> order(rs, lines))
			.optional();
	}

	// A conditional update, so that two concurrent approvals push an order once
	boolean approve(String id, Instant now) {
		return this.jdbc
			.sql("UPDATE customer_order SET status = 'APPROVED', updated_at = ? WHERE id = ? "
					+ "AND status IN ('DRAFT', 'PUSH_FAILED')")
			.params(Timestamp.from(now), id)
			.update() == 1;
	}

	void update(String id, Status status, @Nullable String erpReference, @Nullable String failureReason, Instant now) {
		this.jdbc
			.sql("UPDATE customer_order SET status = :status, erp_reference = :reference, failure_reason = :reason, "
					+ "updated_at = :now WHERE id = :id")
			.param("status", status.name())
			.param("reference", erpReference)
			.param("reason", failureReason)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	private static Order order(ResultSet rs, List<Line> lines) throws SQLException {
		return new Order(rs.getString("id"), rs.getString("message_id"), Source.valueOf(rs.getString("source")),
				rs.getString("customer"), Status.valueOf(rs.getString("status")), lines, rs.getString("erp_reference"),
				rs.getString("failure_reason"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant());
	}

}
