package io.observability.sample.inbound;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where raw documents go and how duplicates are recognised: in the database and not at
 * all by default, in an S3 bucket and with Redis when configured (the {@code services}
 * profile).
 *
 * @author Observability Spring Boot contributors
 */
@Configuration(proxyBeanMethods = false)
class InboundConfiguration {

	@Bean
	@ConditionalOnBooleanProperty("sample.deduplication.enabled")
	Deduplicator redisDeduplicator(StringRedisTemplate redis, IntakeProperties properties) {
		return new RedisDeduplicator(redis, properties.getDeduplication().getWindow());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "sample.deduplication.enabled", havingValue = false, matchIfMissing = true)
	Deduplicator noDeduplication() {
		return Deduplicator.NONE;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "sample.documents.s3.enabled", havingValue = false, matchIfMissing = true)
	static class DatabaseDocumentsConfiguration {

		@Bean
		DocumentStore databaseDocumentStore(JdbcClient jdbc) {
			return new DatabaseDocumentStore(jdbc);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("sample.documents.s3.enabled")
	static class S3DocumentsConfiguration {

		@Bean(destroyMethod = "close")
		S3Client s3Client(IntakeProperties properties) {
			IntakeProperties.S3 s3 = properties.getDocuments().getS3();
			var builder = S3Client.builder()
				.region(Region.of(s3.getRegion()))
				.forcePathStyle(s3.isPathStyleAccess())
				.httpClientBuilder(UrlConnectionHttpClient.builder()
					.connectionTimeout(s3.getConnectTimeout())
					.socketTimeout(s3.getReadTimeout()));
			if (s3.getEndpoint() != null) {
				builder.endpointOverride(URI.create(s3.getEndpoint()));
			}
			if (s3.getAccessKey() != null && s3.getSecretKey() != null) {
				builder.credentialsProvider(StaticCredentialsProvider
					.create(AwsBasicCredentials.create(s3.getAccessKey(), s3.getSecretKey())));
			}
			S3Client client = builder.build();
			if (s3.isCreateBucket()) {
				createBucketIfMissing(client, s3.getBucket());
			}
			return client;
		}

		@Bean
		DocumentStore s3DocumentStore(S3Client s3Client, IntakeProperties properties) {
			return new S3DocumentStore(s3Client, properties.getDocuments().getS3().getBucket());
		}

		private static void createBucketIfMissing(S3Client client, String bucket) {
			try {
				client.headBucket((request) -> request.bucket(bucket));
			}
			catch (NoSuchBucketException ex) {
				client.createBucket((request) -> request.bucket(bucket));
			}
		}

	}

}
