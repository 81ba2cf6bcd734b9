package io.observability.sample.inbound;

import java.sql.Timestamp;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stores inbound messages in the {@code inbound_message} table.
 *
 * @author Observability Spring Boot contributors
 */
@Repository
class InboundMessageRepository {

	private final JdbcClient jdbc;

	InboundMessageRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void save(InboundMessage message) {
		this.jdbc
			.sql("INSERT INTO inbound_message (id, source, customer, content, status, received_at) "
					+ "VALUES (:id, :source, :customer, :content, :status, :receivedAt)")
			.param("id", message.id())
			.param("source", message.source().name())
			.param("customer", message.customer())
			.param("content", message.content())
			.param("status", message.status().name())
			.param("receivedAt", Timestamp.from(message.receivedAt()))
			.update();
	}

	Optional<InboundMessage> findById(String id) {
		return this.jdbc
			.sql("SELECT id, source, customer, content, status, received_at FROM inbound_message WHERE id = :id")
			.param("id", id)
			.query((rs, rowNum) -> new InboundMessage(rs.getString("id"),
					InboundMessage.Source.valueOf(rs.getString("source")), rs.getString("customer"),
					rs.getString("content"), InboundMessage.Status.valueOf(rs.getString("status")),
					rs.getTimestamp("received_at").toInstant()))
			.optional();
	}

}
