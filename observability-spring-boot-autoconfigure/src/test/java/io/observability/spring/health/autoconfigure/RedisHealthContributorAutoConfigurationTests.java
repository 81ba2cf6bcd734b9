package io.observability.spring.health.autoconfigure;

import io.observability.spring.health.RedisHealthIndicator;
import io.observability.spring.test.TestServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisHealthContributorAutoConfiguration}, against the real Redis
 * server.
 *
 * @author Observability Spring Boot contributors
 */
class RedisHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				RedisHealthContributorAutoConfiguration.class, DataRedisHealthContributorAutoConfiguration.class,
				DataRedisReactiveHealthContributorAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + TestServices.redis().host(),
				"spring.data.redis.port=" + TestServices.redis().port());

	@Test
	void runShouldReplaceSpringBootsIndicators() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RedisHealthIndicator.class)
				.doesNotHaveBean(ReactiveHealthContributor.class);
			assertThat(context.getBean("redisHealthContributor")).isInstanceOf(RedisHealthIndicator.class);
		});
	}

	@Test
	void indicatorPingsAndReportsTheServer() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(RedisHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("latencyMs", "version").containsEntry("mode", "standalone");
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.redis.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("redisHealthContributor"));
	}

	@Test
	void runWithUserIndicatorShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserIndicatorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(RedisHealthIndicator.class)
				.doesNotHaveBean(ReactiveHealthContributor.class);
			assertThat(context.getBean("redisHealthIndicator"))
				.isSameAs(context.getBean(UserIndicatorConfiguration.class).indicator);
		});
	}

	@Test
	void runWithoutRedisClassShouldNotCreateIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RedisHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		final HealthIndicator indicator = () -> Health.up().build();

		@Bean
		HealthIndicator redisHealthIndicator() {
			return this.indicator;
		}

	}

}
