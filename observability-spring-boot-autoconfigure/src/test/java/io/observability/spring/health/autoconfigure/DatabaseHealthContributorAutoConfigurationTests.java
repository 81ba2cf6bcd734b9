package io.observability.spring.health.autoconfigure;

import java.util.Map;

import javax.sql.DataSource;

import io.observability.spring.health.DatabaseHealthIndicator;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseHealthContributorAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
class DatabaseHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, DatabaseHealthContributorAutoConfiguration.class,
				DataSourceHealthContributorAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:health;DB_CLOSE_DELAY=-1");

	@Test
	void runShouldReplaceSpringBootsIndicator() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DatabaseHealthIndicator.class)
				.doesNotHaveBean(DataSourceHealthIndicator.class);
			assertThat(context.getBeansOfType(HealthContributor.class)).containsOnlyKeys("dbHealthContributor",
					"pingHealthContributor");
		});
	}

	@Test
	void indicatorValidatesAConnectionAndReportsThePool() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(DatabaseHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("database", "H2").containsKey("validationLatencyMs");
			assertThat(health.getDetails().get("pool"))
				.asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
				.containsKeys("active", "idle", "total", "max", "pending")
				.containsEntry("max", 10);
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.db.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("dbHealthContributor"));
	}

	@Test
	void runWhenObservabilityHealthIsDisabledShouldLeaveSpringBootsIndicator() {
		this.contextRunner.withPropertyValues("observability.health.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseHealthIndicator.class)
				.hasSingleBean(DataSourceHealthIndicator.class));
	}

	@Test
	void runWithUserIndicatorShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserIndicatorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(DatabaseHealthIndicator.class)
				.doesNotHaveBean(DataSourceHealthIndicator.class);
			assertThat(context.getBean("dbHealthIndicator"))
				.isSameAs(context.getBean(UserIndicatorConfiguration.class).indicator);
		});
	}

	@Test
	void runWithoutDataSourceClassShouldNotCreateIndicator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabaseHealthContributorAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(DataSource.class))
			.run((context) -> assertThat(context).doesNotHaveBean("dbHealthContributor"));
	}

	@Test
	void runWithTwoDataSourcesShouldCreateOneComposite() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabaseHealthContributorAutoConfiguration.class,
					DataSourceHealthContributorAutoConfiguration.class))
			.withUserConfiguration(TwoDataSourcesConfiguration.class)
			.run((context) -> assertThat(context.getBeansOfType(HealthContributor.class))
				.containsOnlyKeys("dbHealthContributor")
				.extractingByKey("dbHealthContributor")
				.isInstanceOf(CompositeHealthContributor.class));
	}

	@Test
	void routingDataSourceIsCheckedTargetByTarget() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabaseHealthContributorAutoConfiguration.class,
					DataSourceHealthContributorAutoConfiguration.class))
			.withUserConfiguration(RoutingDataSourceConfiguration.class)
			.run((context) -> {
				// Outside a routing context the router itself has no target to connect to
				CompositeHealthContributor db = context.getBean("dbHealthContributor",
						CompositeHealthContributor.class);
				assertThat(db.stream().map(HealthContributors.Entry::name)).containsExactlyInAnyOrder("primary",
						"replica");
				assertThat(db.stream().map(HealthContributors.Entry::contributor)).allSatisfy(
						(target) -> assertThat(((HealthIndicator) target).health().getStatus()).isEqualTo(Status.UP));
			});
	}

	@Test
	void routingDataSourceIsLeftOutWhenSpringBootIsToldToIgnoreIt() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabaseHealthContributorAutoConfiguration.class,
					DataSourceHealthContributorAutoConfiguration.class))
			.withUserConfiguration(RoutingDataSourceConfiguration.class, TwoDataSourcesConfiguration.class)
			.withPropertyValues("management.health.db.ignore-routing-data-sources=true")
			.run((context) -> assertThat(
					context.getBean("dbHealthContributor", CompositeHealthContributor.class).stream())
				.extracting(HealthContributors.Entry::name)
				.containsExactlyInAnyOrder("orders", "audit"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RoutingDataSourceConfiguration {

		@Bean
		DataSource routing() {
			AbstractRoutingDataSource routing = new AbstractRoutingDataSource() {

				@Override
				protected Object determineCurrentLookupKey() {
					return null;
				}

			};
			routing
				.setTargetDataSources(Map.of("primary", DataSourceBuilder.create().url("jdbc:h2:mem:primary").build(),
						"replica", DataSourceBuilder.create().url("jdbc:h2:mem:replica").build()));
			routing.setLenientFallback(false);
			routing.afterPropertiesSet();
			return routing;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		final HealthIndicator indicator = () -> Health.up().build();

		@Bean
		HealthIndicator dbHealthIndicator() {
			return this.indicator;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesConfiguration {

		@Bean
		DataSource orders() {
			return DataSourceBuilder.create().url("jdbc:h2:mem:orders").build();
		}

		@Bean
		DataSource audit() {
			return DataSourceBuilder.create().url("jdbc:h2:mem:audit").build();
		}

	}

}
