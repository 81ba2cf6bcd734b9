package io.observability.spring.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RedisClusterServer}.
 *
 * @author Observability Spring Boot contributors
 */
class RedisClusterServerTests {

	@Test
	void startedClusterCoversAllSlotsOnEveryNode() {
		try (RedisClusterServer cluster = RedisClusterServer.start()) {
			assertThat(cluster.nodes()).hasSize(3);
			for (int node = 0; node < 3; node++) {
				assertThat(cluster.command(node, "CLUSTER", "INFO")).contains("cluster_state:ok",
						"cluster_slots_ok:16384", "cluster_size:3");
			}
		}
	}

	@Test
	void killedNodeMakesTheClusterFailAndCloseStopsEveryNode() {
		RedisClusterServer cluster = RedisClusterServer.start();
		try {
			cluster.kill(2);
			cluster.awaitClusterState("fail", Duration.ofSeconds(30));
			assertThat(cluster.command(0, "CLUSTER", "INFO")).contains("cluster_state:fail");
		}
		finally {
			cluster.close();
		}
		for (int node = 0; node < 3; node++) {
			int port = cluster.port(node);
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
				}
			});
		}
	}

}
