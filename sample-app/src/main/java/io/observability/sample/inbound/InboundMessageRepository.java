package io.observability.sample.inbound;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import io.observability.sample.inbound.InboundMessage.Source;
import io.observability.sample.inbound.InboundMessage.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stores inbound messages in the {@code inbound_message} table.
 *
 * @author Observability Spring Boot contributors
 */
@Repository
class InboundMessageRepository {

	private static final String COLUMNS = "id, source, customer, status, order_id, failure_reason, received_at";

	private final JdbcClient jdbc;

	InboundMessageRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void save(InboundMessage message, String documentLocation) {
		this.jdbc.sql(
				"INSERT INTO inbound_message (id, source, customer, document_location, status, received_at, updated_at) "
						+ "VALUES (:id, :source, :customer, :location, :status, :receivedAt, :receivedAt)")
			.param("id", message.id())
			.param("source", message.source().name())
			.param("customer", message.customer())
			.param("location", documentLocation)
			.param("status", message.status().name())
			.param("receivedAt", Timestamp.from(message.receivedAt()))
			.update();
	}

	Optional<InboundMessage> findById(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM inbound_message WHERE id = ?")
			.param(id)
			.query(this::message)
			.optional();
	}

	String documentLocation(String id) {
		return this.jdbc.sql("SELECT document_location FROM inbound_message WHERE id = ?")
			.param(id)
			.query(String.class)
			.single();
	}

	void update(String id, Status status, @Nullable String orderId, @Nullable String failureReason, Instant now) {
		this.jdbc
			.sql("UPDATE inbound_message SET status = :status, order_id = :orderId, failure_reason = :reason, "
					+ "updated_at = :now WHERE id = :id")
			.param("status", status.name())
			.param("orderId", orderId)
			.param("reason", failureReason)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	private InboundMessage message(ResultSet rs, int rowNum) throws SQLException {
		return new InboundMessage(rs.getString("id"), Source.valueOf(rs.getString("source")), rs.getString("customer"),
				Status.valueOf(rs.getString("status")), rs.getString("order_id"), rs.getString("failure_reason"),
				rs.getTimestamp("received_at").toInstant());
	}

}
