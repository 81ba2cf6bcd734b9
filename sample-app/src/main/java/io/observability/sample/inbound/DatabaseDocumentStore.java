package io.observability.sample.inbound;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stores raw documents in the {@code inbound_document} table, for when there is no object
 * storage.
 *
 * @author Observability Spring Boot contributors
 */
class DatabaseDocumentStore implements DocumentStore {

	private static final String PREFIX = "db:";

	private final JdbcClient jdbc;

	DatabaseDocumentStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String store(InboundDocument document) {
		this.jdbc.sql("INSERT INTO inbound_document (message_id, content) VALUES (?, ?)")
			.params(document.id(), document.content())
			.update();
		return PREFIX + document.id();
	}

	@Override
	public String load(String location) {
		return this.jdbc.sql("SELECT content FROM inbound_document WHERE message_id = ?")
			.param(location.substring(PREFIX.length()))
			.query(String.class)
			.single();
	}

}
