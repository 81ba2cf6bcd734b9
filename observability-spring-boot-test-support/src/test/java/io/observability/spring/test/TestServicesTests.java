package io.observability.spring.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.observability.spring.test.TestServices.PostgresDetails;
import io.observability.spring.test.TestServices.RedisDetails;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TestServices}.
 *
 * @author Observability Spring Boot contributors
 */
class TestServicesTests {

	@Test
	void postgresAnswersQueries() throws SQLException {
		try (Connection connection = TestServices.postgres().connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 40 + 2")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isEqualTo(42);
		}
	}

	@Test
	void redisAnswersPing() throws IOException {
		assertThat(TestServices.redis().command("PING")).isEqualTo("+PONG");
	}

	@Test
	void unreachablePostgresIsReported() throws IOException {
		try (Socket closed = closedPort()) {
			PostgresDetails details = new PostgresDetails(
					"jdbc:postgresql://127.0.0.1:" + closed.getLocalPort() + "/test", "postgres", "", "test");
			assertThat(details.problem()).isNotBlank();
			assertThat(details.howToStart()).contains("pg_ctlcluster");
		}
	}

	@Test
	void unreachableRedisIsReported() throws IOException {
		try (Socket closed = closedPort()) {
			RedisDetails details = new RedisDetails("127.0.0.1", closed.getLocalPort(), "test");
			assertThat(details.problem()).contains("Connection refused");
			assertThat(details.howToStart()).contains("redis-server");
		}
	}

	/**
	 * Hold a port that refuses connections: bound, never listening. A port freed before
	 * use could be taken by a server started meanwhile.
	 */
	private static Socket closedPort() throws IOException {
		Socket socket = new Socket();
		socket.setReuseAddress(false);
		socket.bind(new InetSocketAddress("127.0.0.1", 0));
		return socket;
	}

}
