package io.observability.spring.health.autoconfigure;

import io.observability.spring.health.ObjectStorageHealthIndicator;
import io.observability.spring.test.S3ProxyServer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ObjectStorageHealthContributorAutoConfiguration}, against a real
 * S3Proxy server.
 *
 * @author Observability Spring Boot contributors
 */
class ObjectStorageHealthContributorAutoConfigurationTests {

	private static S3ProxyServer server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObjectStorageHealthContributorAutoConfiguration.class))
		.withUserConfiguration(S3Configuration.class)
		.withPropertyValues("observability.health.object-storage.buckets=documents");

	@BeforeAll
	static void startServer() {
		server = S3ProxyServer.start();
		try (S3Client s3 = client(server)) {
			s3.createBucket((request) -> request.bucket("documents"));
		}
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void indicatorIsUpWhenTheBucketsExist() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean("objectStorageHealthContributor"))
				.isInstanceOf(ObjectStorageHealthIndicator.class);
			Health health = context.getBean(ObjectStorageHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("endpoint", server.endpoint().toString())
				.containsEntry("region", "us-east-1");
			assertThat(health.getDetails().get("buckets"))
				.asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
				.extractingByKey("documents")
				.asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
				.containsEntry("status", "UP")
				.containsKey("latencyMs");
		});
	}

	@Test
	void missingBucketIsDownAndNamedWithoutSecrets() {
		this.contextRunner.withPropertyValues("observability.health.object-storage.buckets=documents,archive")
			.run((context) -> {
				Health health = context.getBean(ObjectStorageHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("error", "unavailable: archive (bucket not found)");
				assertThat(health.toString()).doesNotContain(server.secretKey()).doesNotContain(server.accessKey());
			});
	}

	@Test
	void wrongCredentialsAreDownWithoutSecrets() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObjectStorageHealthContributorAutoConfiguration.class))
			.withUserConfiguration(WrongCredentialsConfiguration.class)
			.withPropertyValues("observability.health.object-storage.buckets=documents")
			.run((context) -> {
				Health health = context.getBean(ObjectStorageHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("error",
						"unavailable: documents (access denied (HTTP 403))");
				assertThat(health.toString()).doesNotContain("wrong-secret");
			});
	}

	@Test
	void withoutBucketsTheServiceIsCheckedWithListBuckets() {
		this.contextRunner.withPropertyValues("observability.health.object-storage.buckets=").run((context) -> {
			Health health = context.getBean(ObjectStorageHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKey("latencyMs").doesNotContainKeys("buckets", "error");
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateIndicator() {
		this.contextRunner.withPropertyValues("management.health.object-storage.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObjectStorageHealthIndicator.class));
	}

	@Test
	void runWithUserIndicatorShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserIndicatorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ObjectStorageHealthIndicator.class);
			assertThat(context.getBean("objectStorageHealthIndicator"))
				.isSameAs(context.getBean(UserIndicatorConfiguration.class).indicator);
		});
	}

	@Test
	void runWithoutS3ClientClassShouldNotCreateIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(S3Client.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ObjectStorageHealthIndicator.class));
	}

	@Test
	void runWithoutS3ClientShouldNotCreateIndicator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObjectStorageHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ObjectStorageHealthIndicator.class));
	}

	static S3Client client(S3ProxyServer server) {
		return client(server.accessKey(), server.secretKey());
	}

	private static S3Client client(String accessKey, String secretKey) {
		return S3Client.builder()
			.endpointOverride(server.endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class S3Configuration {

		@Bean
		S3Client s3Client() {
			return client(server);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WrongCredentialsConfiguration {

		@Bean
		S3Client s3Client() {
			return client(server.accessKey(), "wrong-secret");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		final HealthIndicator indicator = () -> Health.up().build();

		@Bean
		HealthIndicator objectStorageHealthIndicator() {
			return this.indicator;
		}

	}

}
