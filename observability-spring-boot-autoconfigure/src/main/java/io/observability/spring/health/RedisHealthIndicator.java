package io.observability.spring.health;

import java.time.Duration;
import java.util.Properties;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisConnectionUtils;

/**
 * {@link HealthIndicator} for Redis: sends {@code PING} through a
 * {@link RedisConnectionFactory}.
 * <p>
 * Details: {@code latencyMs} of the {@code PING}, and the server's {@code version} and
 * {@code mode} ({@code standalone}, {@code sentinel} or {@code cluster}) from
 * {@code INFO server}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class RedisHealthIndicator extends AbstractHealthIndicator {

	private final RedisConnectionFactory connectionFactory;

	/**
	 * Create a new instance.
	 * @param connectionFactory the connection factory to check
	 */
	public RedisHealthIndicator(RedisConnectionFactory connectionFactory) {
		super("Redis health check failed");
		this.connectionFactory = connectionFactory;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		RedisConnection connection = RedisConnectionUtils.getConnection(this.connectionFactory);
		try {
			long start = System.nanoTime();
			String pong = connection.ping();
			long latency = Duration.ofNanos(System.nanoTime() - start).toMillis();
			if (!"PONG".equalsIgnoreCase(pong)) {
				builder.down().withDetail("error", "unexpected reply to PING");
				return;
			}
			builder.up().withDetail("latencyMs", latency);
			Properties info = connection.serverCommands().info("server");
			if (info != null) {
				String version = info.getProperty("redis_version");
				if (version != null) {
					builder.withDetail("version", version);
				}
				builder.withDetail("mode", info.getProperty("redis_mode", "standalone"));
			}
		}
		finally {
			RedisConnectionUtils.releaseConnection(connection, this.connectionFactory);
		}
	}

}
