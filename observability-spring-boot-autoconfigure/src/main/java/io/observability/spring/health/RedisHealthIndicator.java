package io.observability.spring.health;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.redis.connection.ClusterInfo;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisConnectionUtils;

/**
 * {@link HealthIndicator} for Redis, through a {@link RedisConnectionFactory}.
 * <p>
 * A server reached through a standalone or sentinel connection is sent {@code PING}.
 * Details: {@code latencyMs} of the {@code PING}, and the server's {@code version} and
 * {@code mode} ({@code standalone}, {@code sentinel} or {@code cluster}) from
 * {@code INFO server}.
 * <p>
 * A Redis Cluster is asked {@code CLUSTER INFO} and is down unless its
 * {@code cluster_state} is {@code ok}. Details: {@code mode: cluster}, {@code latencyMs}
 * of the {@code CLUSTER INFO}, {@code clusterSize}, {@code slotsUp}, {@code slotsFail}
 * and, when the cluster is up and all reachable masters run the same version,
 * {@code version}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class RedisHealthIndicator extends AbstractHealthIndicator {

	private static final String VERSION_KEY = "redis_version";

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
			if (connection instanceof RedisClusterConnection clusterConnection) {
				checkCluster(builder, clusterConnection);
			}
			else {
				checkServer(builder, connection);
			}
		}
		finally {
			RedisConnectionUtils.releaseConnection(connection, this.connectionFactory);
		}
	}

	private void checkServer(Health.Builder builder, RedisConnection connection) {
		long start = System.nanoTime();
		String pong = connection.ping();
		long latency = millisSince(start);
		if (!"PONG".equalsIgnoreCase(pong)) {
			builder.down().withDetail("error", "unexpected reply to PING");
			return;
		}
		builder.up().withDetail("latencyMs", latency);
		Properties info = connection.serverCommands().info("server");
		if (info != null) {
			String version = info.getProperty(VERSION_KEY);
			if (version != null) {
				builder.withDetail("version", version);
			}
			builder.withDetail("mode", info.getProperty("redis_mode", "standalone"));
		}
	}

	private void checkCluster(Health.Builder builder, RedisClusterConnection connection) {
		// PING on a cluster connection goes to every master and only says whether all
		// answered; the cluster's own view of its slots is what tells clients they work
		long start = System.nanoTime();
		ClusterInfo info = connection.clusterGetClusterInfo();
		long latency = millisSince(start);
		builder.withDetail("mode", "cluster").withDetail("latencyMs", latency);
		if (info == null) {
			builder.down().withDetail("error", "no reply to CLUSTER INFO");
			return;
		}
		addIfPresent(builder, "clusterSize", info.getClusterSize());
		addIfPresent(builder, "slotsUp", info.getSlotsOk());
		addIfPresent(builder, "slotsFail", info.getSlotsFail());
		String state = info.getState();
		if (!"ok".equalsIgnoreCase(state)) {
			builder.down().withDetail("error", "cluster_state is " + state);
			return;
		}
		builder.up();
		String version = commonVersion(connection.serverCommands().info("server"));
		if (version != null) {
			builder.withDetail("version", version);
		}
	}

	/**
	 * Return the version that every node in a cluster's {@code INFO} reports.
	 * @param info the merged {@code INFO} of the nodes, each key prefixed with the node's
	 * {@code host:port.}
	 * @return the common version, or {@code null} if the nodes disagree (as during a
	 * rolling upgrade) or report none
	 */
	private static @Nullable String commonVersion(@Nullable Properties info) {
		if (info == null) {
			return null;
		}
		Set<String> versions = new TreeSet<>();
		for (Map.Entry<Object, Object> entry : info.entrySet()) {
			if (entry.getKey().toString().endsWith("." + VERSION_KEY)) {
				versions.add(entry.getValue().toString());
			}
		}
		return (versions.size() == 1) ? versions.iterator().next() : null;
	}

	private static void addIfPresent(Health.Builder builder, String key, @Nullable Long value) {
		if (value != null) {
			builder.withDetail(key, value);
		}
	}

	private static long millisSince(long start) {
		return Duration.ofNanos(System.nanoTime() - start).toMillis();
	}

}
