package io.observability.spring.test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import com.redis.testcontainers.RedisContainer;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Entry point to the PostgreSQL and Redis servers that tests run against.
 * <p>
 * Each service is chosen once per JVM, in this order:
 * <ol>
 * <li>the location given by environment variables
 * ({@code OBSERVABILITY_TEST_POSTGRES_URL}, {@code OBSERVABILITY_TEST_POSTGRES_USERNAME},
 * {@code OBSERVABILITY_TEST_POSTGRES_PASSWORD}, {@code OBSERVABILITY_TEST_REDIS_HOST},
 * {@code OBSERVABILITY_TEST_REDIS_PORT});
 * <li>a Testcontainers container when a Docker engine answers;
 * <li>the local services: PostgreSQL on {@code 127.0.0.1:5432}, database {@code test},
 * user {@code postgres}, and Redis on {@code 127.0.0.1:6379}.
 * </ol>
 * A service that cannot be reached fails the test with a message that says how to start
 * it; a test never passes silently without its service.
 *
 * @author Observability Spring Boot contributors
 */
public final class TestServices {

	private static final String POSTGRES_IMAGE = "postgres:15-alpine";

	private static final String REDIS_IMAGE = "redis:7-alpine";

	private static @Nullable PostgresDetails postgres;

	private static @Nullable RedisDetails redis;

	private static @Nullable Boolean dockerAvailable;

	private TestServices() {
	}

	/**
	 * Return the PostgreSQL server to test against, starting a container if needed.
	 * @return the connection details of a reachable server
	 * @throws IllegalStateException if no server can be reached
	 */
	public static synchronized PostgresDetails postgres() {
		if (postgres == null) {
			postgres = verify(locatePostgres());
		}
		return postgres;
	}

	/**
	 * Return the Redis server to test against, starting a container if needed.
	 * @return the connection details of a reachable server
	 * @throws IllegalStateException if no server can be reached
	 */
	public static synchronized RedisDetails redis() {
		if (redis == null) {
			redis = verify(locateRedis());
		}
		return redis;
	}

	private static PostgresDetails locatePostgres() {
		String url = System.getenv("OBSERVABILITY_TEST_POSTGRES_URL");
		if (url != null) {
			return new PostgresDetails(url, env("OBSERVABILITY_TEST_POSTGRES_USERNAME", "postgres"),
					env("OBSERVABILITY_TEST_POSTGRES_PASSWORD", ""), "OBSERVABILITY_TEST_POSTGRES_URL");
		}
		if (isDockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE));
			container.start();
			return new PostgresDetails(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"a Testcontainers container");
		}
		return new PostgresDetails("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", "the local service");
	}

	private static RedisDetails locateRedis() {
		String host = System.getenv("OBSERVABILITY_TEST_REDIS_HOST");
		if (host != null) {
			return new RedisDetails(host, Integer.parseInt(env("OBSERVABILITY_TEST_REDIS_PORT", "6379")),
					"OBSERVABILITY_TEST_REDIS_HOST");
		}
		if (isDockerAvailable()) {
			RedisContainer container = new RedisContainer(DockerImageName.parse(REDIS_IMAGE));
			container.start();
			return new RedisDetails(container.getRedisHost(), container.getRedisPort(), "a Testcontainers container");
		}
		return new RedisDetails("127.0.0.1", 6379, "the local service");
	}

	private static boolean isDockerAvailable() {
		if (dockerAvailable == null) {
			dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
		}
		return dockerAvailable;
	}

	private static String env(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null) ? value : defaultValue;
	}

	private static <T extends ServiceDetails> T verify(T details) {
		String problem = details.problem();
		if (problem != null) {
			throw new IllegalStateException(
					details.describe() + " is not reachable (" + problem + "). " + details.howToStart());
		}
		return details;
	}

	/**
	 * Details of a service that tests can check for reachability.
	 */
	private interface ServiceDetails {

		/**
		 * Try the service.
		 * @return why the service cannot be used, or {@code null} if it answers
		 */
		@Nullable String problem();

		String describe();

		String howToStart();

	}

	/**
	 * Connection details of a PostgreSQL server.
	 *
	 * @param jdbcUrl the JDBC URL
	 * @param username the user name
	 * @param password the password
	 * @param source where the details come from
	 */
	public record PostgresDetails(String jdbcUrl, String username, String password,
			String source) implements ServiceDetails {

		/**
		 * Open a new connection.
		 * @return the connection
		 * @throws SQLException if the server cannot be reached
		 */
		public Connection connect() throws SQLException {
			Properties properties = new Properties();
			properties.setProperty("user", this.username);
			properties.setProperty("password", this.password);
			properties.setProperty("connectTimeout", "5");
			properties.setProperty("socketTimeout", "10");
			return DriverManager.getConnection(this.jdbcUrl, properties);
		}

		@Override
		public @Nullable String problem() {
			try (Connection connection = connect()) {
				return connection.isValid(5) ? null : "connection is not valid";
			}
			catch (SQLException ex) {
				return ex.getMessage();
			}
		}

		@Override
		public String describe() {
			return "PostgreSQL at " + this.jdbcUrl + " (" + this.source + ")";
		}

		@Override
		public String howToStart() {
			return "Start the local server with 'pg_ctlcluster --skip-systemctl-redirect "
					+ "$(ls /etc/postgresql) main start', run a Docker engine, or set "
					+ "OBSERVABILITY_TEST_POSTGRES_URL to a reachable server.";
		}

	}

	/**
	 * Connection details of a Redis server.
	 *
	 * @param host the host
	 * @param port the port
	 * @param source where the details come from
	 */
	public record RedisDetails(String host, int port, String source) implements ServiceDetails {

		/**
		 * Send a command over a fresh connection and return its reply.
		 * @param command the command and its arguments separated by spaces, for example
		 * {@code PING}
		 * @return the reply: a status, error or integer line as sent ({@code +PONG}), or
		 * the content of a bulk string
		 * @throws IOException if the server cannot be reached or does not answer in time
		 */
		public String command(String command) throws IOException {
			return RedisProtocol.send(this.host, this.port, Duration.ofSeconds(5), command.split(" "));
		}

		@Override
		public @Nullable String problem() {
			try {
				String reply = command("PING");
				return "+PONG".equals(reply) ? null : "PING answered " + reply;
			}
			catch (IOException ex) {
				return ex.toString();
			}
		}

		@Override
		public String describe() {
			return "Redis at " + this.host + ":" + this.port + " (" + this.source + ")";
		}

		@Override
		public String howToStart() {
			return "Start the local server with 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 "
					+ "--save \"\" --appendonly no', run a Docker engine, or set OBSERVABILITY_TEST_REDIS_HOST "
					+ "and OBSERVABILITY_TEST_REDIS_PORT to a reachable server.";
		}

	}

}
