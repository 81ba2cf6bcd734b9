package io.observability.spring.health.autoconfigure;

import io.observability.spring.health.internal.ObjectStorageHealthIndicator;
import software.amazon.awssdk.services.s3.S3Client;

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
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for
 * {@link ObjectStorageHealthIndicator}, on the application's AWS SDK v2 {@link S3Client}.
 * The component is {@code objectStorage}; its switch is
 * {@code management.health.object-storage.enabled}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration")
@ConditionalOnClass({ S3Client.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(S3Client.class)
@ConditionalOnEnabledHealthIndicator("object-storage")
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DependencyHealthProperties.class)
public final class ObjectStorageHealthContributorAutoConfiguration
		extends CompositeHealthContributorConfiguration<ObjectStorageHealthIndicator, S3Client> {

	ObjectStorageHealthContributorAutoConfiguration(DependencyHealthProperties properties) {
		super((s3) -> new ObjectStorageHealthIndicator(s3, properties.getObjectStorage().getBuckets(),
				properties.timeoutFor("objectStorage")));
	}

	@Bean
	@ConditionalOnMissingBean(name = { "objectStorageHealthIndicator", "objectStorageHealthContributor" })
	HealthContributor objectStorageHealthContributor(ConfigurableListableBeanFactory beanFactory) {
		return createContributor(beanFactory, S3Client.class);
	}

}
