package io.observability.spring.health.autoconfigure;

import java.time.Duration;

import io.observability.spring.health.internal.BoundedHealthChecks;
import io.observability.spring.test.RedisClusterServer;
import io.observability.spring.test.RefusingPort;
import io.observability.spring.test.TestServices;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of Spring Boot's own {@code db} and {@code redis} indicators (standalone and
 * cluster) as bounded by the starter, against real PostgreSQL and Redis servers: Boot's
 * detail keys, the starter's latency and pool figures, never an exception message.
 *
 * @author Observability Spring Boot contributors
 */
class SpringBootHealthIndicatorsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DependencyHealthAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, EndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoint.health.show-details=always");

	private final ApplicationContextRunner dbRunner = this.contextRunner.withConfiguration(AutoConfigurations
		.of(DataSourceAutoConfiguration.class, DataSourceHealthContributorAutoConfiguration.class));

	private final ApplicationContextRunner redisRunner = this.contextRunner
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				DataRedisReactiveAutoConfiguration.class, DataRedisHealthContributorAutoConfiguration.class,
				DataRedisReactiveHealthContributorAutoConfiguration.class));

	@Test
	void dbIsSpringBootsIndicatorWithItsDetailsPlusLatencyAndPool() {
		TestServices.PostgresDetails postgres = TestServices.postgres();
		this.dbRunner
			.withPropertyValues("spring.datasource.url=" + postgres.jdbcUrl(),
					"spring.datasource.username=" + postgres.username(),
					"spring.datasource.password=" + postgres.password(), "spring.datasource.hikari.maximum-pool-size=3")
			.run((context) -> {
				IndicatedHealthDescriptor db = component(context, "db");
				assertThat(db.getStatus()).isEqualTo(Status.UP);
				assertThat(db.getDetails()).containsEntry("database", "PostgreSQL")
					.containsEntry("validationQuery", "isValid()")
					.containsKey("latencyMs");
				assertThat(db.getDetails().get("pool")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("max", 3)
					.containsKey("active");
			});
	}

	@Test
	void dbThatRefusesConnectionsIsDownWithTheExceptionTypeOnly() throws Exception {
		try (RefusingPort refusingPort = RefusingPort.open()) {
			int closedPort = refusingPort.port();
			this.dbRunner
				.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/test",
						"spring.datasource.username=admin", "spring.datasource.password=s3cret",
						"spring.datasource.hikari.connection-timeout=250")
				.run((context) -> {
					// As at start-up: the driver and the pool initialise on the first
					// call
					context.getBean(BoundedHealthChecks.class).warmUp(Duration.ofSeconds(10));
					IndicatedHealthDescriptor db = component(context, "db");
					assertThat(db.getStatus()).isEqualTo(Status.DOWN);
					assertThat(db.getDetails().get("error")).asString()
						.matches("[a-z.]+\\.[A-Za-z]+Exception")
						.doesNotContain(" ");
					assertThat(db.getDetails().toString()).doesNotContain(String.valueOf(closedPort))
						.doesNotContain("admin")
						.doesNotContain("refused");
				});
		}
	}

	@Test
	void redisIsSpringBootsIndicatorWithItsDetailsPlusLatency() {
		TestServices.RedisDetails redis = TestServices.redis();
		this.redisRunner
			.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port())
			.run((context) -> {
				IndicatedHealthDescriptor component = component(context, "redis");
				assertThat(component.getStatus()).isEqualTo(Status.UP);
				assertThat(component.getDetails().get("version")).asString().matches("\\d+\\.\\d+\\.\\d+");
				assertThat(component.getDetails()).containsKey("latencyMs");
			});
	}

	@Test
	void redisClusterIsSpringBootsIndicatorAndReadsDownWhenTheClusterFails() {
		try (RedisClusterServer cluster = RedisClusterServer.start()) {
			this.redisRunner
				.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.nodes()),
						"observability.health.cache-ttl=0s")
				.run((context) -> {
					// As at start-up: connecting to a cluster takes longer than later
					// checks
					context.getBean(BoundedHealthChecks.class).warmUp(Duration.ofSeconds(10));
					IndicatedHealthDescriptor up = component(context, "redis");
					assertThat(up.getStatus()).isEqualTo(Status.UP);
					assertThat(up.getDetails()).containsEntry("cluster_size", 3L)
						.containsEntry("slots_up", 16384L)
						.containsEntry("slots_fail", 0L)
						.containsKey("latencyMs");
					cluster.kill(2);
					cluster.awaitClusterState("fail", Duration.ofSeconds(30));
					assertThat(component(context, "redis").getStatus()).isEqualTo(Status.DOWN);
				});
		}
	}

	private static IndicatedHealthDescriptor component(ApplicationContext context, String name) {
		HealthDescriptor health = context.getBean(HealthEndpoint.class).health();
		HealthDescriptor component = ((CompositeHealthDescriptor) health).getComponents().get(name);
		assertThat(component).as("component %s in %s", name, health).isInstanceOf(IndicatedHealthDescriptor.class);
		return (IndicatedHealthDescriptor) component;
	}

}
