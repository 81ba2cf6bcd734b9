package io.observability.spring.health.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.observability.spring.health.internal.ObjectStorageHealthIndicator;
import io.observability.spring.test.HangingTcpServer;
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
	void withoutBucketsWrongCredentialsAreDown() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObjectStorageHealthContributorAutoConfiguration.class))
			.withUserConfiguration(WrongCredentialsConfiguration.class)
			.run((context) -> {
				Health health = context.getBean(ObjectStorageHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("error", "access denied (HTTP 403)");
			});
	}

	@Test
	void withoutBucketsARoleThatMayNotListBucketsIsUp() throws IOException {
		// S3's answer to ListBuckets for a role without s3:ListAllMyBuckets, which
		// S3Proxy
		// has no policies to give
		HttpServer denying = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		denying.createContext("/", (exchange) -> {
			byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
					+ "<Message>Access Denied</Message><RequestId>42</RequestId></Error>")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/xml");
			exchange.sendResponseHeaders(403, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		denying.start();
		try (S3Client s3 = client(URI.create("http://127.0.0.1:" + denying.getAddress().getPort()), server.accessKey(),
				server.secretKey())) {
			Health health = new ObjectStorageHealthIndicator(s3, List.of(), Duration.ofSeconds(1)).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("listBuckets",
					"access denied: configure the buckets to check them");
		}
		finally {
			denying.stop(0);
		}
	}

	@Test
	void bucketsOnAHungServerShareTheTimeout() {
		try (HangingTcpServer hanging = HangingTcpServer.start();
				S3Client s3 = client(URI.create("http://127.0.0.1:" + hanging.port()), server.accessKey(),
						server.secretKey())) {
			long start = System.nanoTime();
			Health health = new ObjectStorageHealthIndicator(s3, List.of("documents", "archive", "invoices", "reports"),
					Duration.ofSeconds(1))
				.health();
			// Four buckets that each took the whole timeout would take 4 s; the margin is
			// for a loaded machine
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("error",
					"unavailable: documents (timed out), archive (timed out), invoices (timed out), reports (timed out)");
		}
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
		return client(server.endpoint(), accessKey, secretKey);
	}

	private static S3Client client(URI endpoint, String accessKey, String secretKey) {
		return S3Client.builder()
			.endpointOverride(endpoint)
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
