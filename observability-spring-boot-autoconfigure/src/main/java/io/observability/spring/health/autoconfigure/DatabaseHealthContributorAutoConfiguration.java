package io.observability.spring.health.autoconfigure;

import javax.sql.DataSource;

import io.observability.spring.health.DatabaseHealthIndicator;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for {@link DatabaseHealthIndicator}.
 * Runs before Spring Boot's {@link DataSourceHealthContributorAutoConfiguration} and uses
 * the bean name it looks for, so that there is exactly one {@code db} component.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		before = DataSourceHealthContributorAutoConfiguration.class)
@ConditionalOnClass({ DataSource.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnEnabledHealthIndicator("db")
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DependencyHealthProperties.class)
public final class DatabaseHealthContributorAutoConfiguration
		extends CompositeHealthContributorConfiguration<DatabaseHealthIndicator, DataSource> {

	DatabaseHealthContributorAutoConfiguration(DependencyHealthProperties properties) {
		super((dataSource) -> new DatabaseHealthIndicator(dataSource, properties.timeoutFor("db")));
	}

	@Bean
	@ConditionalOnMissingBean(name = { "dbHealthIndicator", "dbHealthContributor" })
	HealthContributor dbHealthContributor(ConfigurableListableBeanFactory beanFactory) {
		return createContributor(beanFactory, DataSource.class);
	}

}
