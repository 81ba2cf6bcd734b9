package io.observability.spring.health;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.observability.spring.test.RedisClusterServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisHealthIndicator} against a real three-node Redis Cluster.
 *
 * @author Observability Spring Boot contributors
 */
class RedisHealthIndicatorClusterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private RedisClusterServer cluster;

	private LettuceConnectionFactory connectionFactory;

	@BeforeEach
	void startCluster() {
		this.cluster = RedisClusterServer.start();
		this.connectionFactory = new LettuceConnectionFactory(new RedisClusterConfiguration(this.cluster.nodes()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	@AfterEach
	void stopCluster() {
		this.executor.shutdownNow();
		this.connectionFactory.destroy();
		this.cluster.close();
	}

	@Test
	void clusterWithAllSlotsServedIsUpWithClusterDetails() {
		Health health = new RedisHealthIndicator(this.connectionFactory).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("mode", "cluster")
			.containsEntry("clusterSize", 3L)
			.containsEntry("slotsUp", 16384L)
			.containsEntry("slotsFail", 0L)
			.containsKey("latencyMs")
			.doesNotContainKey("error");
		assertThat(health.getDetails().get("version")).asString().matches("\\d+\\.\\d+\\.\\d+");
		assertThat(this.cluster.command(0, "INFO", "server"))
			.contains("redis_version:" + health.getDetails().get("version"));
	}

	@Test
	void clusterWithAKilledNodeIsDownWithinTheTimeout() {
		HealthIndicator indicator = bounded(new RedisHealthIndicator(this.connectionFactory));
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		this.cluster.kill(2);
		this.cluster.awaitClusterState("fail", Duration.ofSeconds(10));
		long start = System.nanoTime();
		Health health = indicator.health();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(elapsed).isLessThan(TIMEOUT);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "cluster_state is fail")
			.containsEntry("mode", "cluster")
			.containsEntry("clusterSize", 3L)
			.containsKey("latencyMs")
			.doesNotContainKey("version");
		assertThat((Long) health.getDetails().get("slotsFail")).isPositive();
		assertThat((Long) health.getDetails().get("slotsUp")).isLessThan(16384L);
	}

	private HealthIndicator bounded(HealthIndicator delegate) {
		return new BoundedHealthIndicator("redis", delegate, TIMEOUT, Duration.ZERO, this.executor,
				(name, health, duration) -> {
				}, () -> {
				});
	}

}
