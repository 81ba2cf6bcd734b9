package io.observability.spring.health.autoconfigure;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import io.observability.spring.health.DatabaseHealthIndicator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.util.Assert;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link DatabaseHealthIndicator}.
 * Runs before Spring Boot's {@link DataSourceHealthContributorAutoConfiguration} and uses
 * the bean name it looks for, so that there is exactly one {@code db} component. Like
 * Spring Boot's, it checks every target of a routing data source, one component each,
 * unless {@code management.health.db.ignore-routing-data-sources} is set.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		before = DataSourceHealthContributorAutoConfiguration.class)
@ConditionalOnClass({ DataSource.class, AbstractRoutingDataSource.class, HealthIndicator.class,
		ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnEnabledHealthIndicator("db")
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DependencyHealthProperties.class)
public final class DatabaseHealthContributorAutoConfiguration {

	private static final String IGNORE_ROUTING_DATA_SOURCES = "management.health.db.ignore-routing-data-sources";

	private static final String UNNAMED_TARGET = "unnamed";

	private final DependencyHealthProperties properties;

	DatabaseHealthContributorAutoConfiguration(DependencyHealthProperties properties) {
		this.properties = properties;
	}

	@Bean
	@ConditionalOnMissingBean(name = { "dbHealthIndicator", "dbHealthContributor" })
	HealthContributor dbHealthContributor(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		Map<String, DataSource> dataSources = SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory,
				DataSource.class, false, true);
		if (environment.getProperty(IGNORE_ROUTING_DATA_SOURCES, Boolean.class, false)) {
			dataSources = new LinkedHashMap<>(dataSources);
			dataSources.values().removeIf((dataSource) -> routingDataSource(dataSource) != null);
		}
		Assert.state(!dataSources.isEmpty(), () -> "No DataSource to check: every one is a routing data source and '"
				+ IGNORE_ROUTING_DATA_SOURCES + "' is set");
		return (dataSources.size() == 1) ? contributor(dataSources.values().iterator().next())
				: CompositeHealthContributor.fromMap(dataSources, this::contributor);
	}

	private HealthContributor contributor(DataSource dataSource) {
		AbstractRoutingDataSource routing = routingDataSource(dataSource);
		if (routing == null) {
			return new DatabaseHealthIndicator(dataSource, this.properties.timeoutFor("db"));
		}
		// A routing data source has no target outside its routing context: check each
		Map<String, DataSource> targets = new LinkedHashMap<>();
		routing.getResolvedDataSources()
			.forEach((key, target) -> targets.put(Objects.toString(key, UNNAMED_TARGET), target));
		return CompositeHealthContributor.fromMap(targets, this::contributor);
	}

	private static @Nullable AbstractRoutingDataSource routingDataSource(DataSource dataSource) {
		if (dataSource instanceof AbstractRoutingDataSource routing) {
			return routing;
		}
		try {
			return dataSource.isWrapperFor(AbstractRoutingDataSource.class)
					? dataSource.unwrap(AbstractRoutingDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
