package io.observability.sample.inbound;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Settings of document storage and de-duplication.
 *
 * @author Observability Spring Boot contributors
 */
@ConfigurationProperties("sample")
public class IntakeProperties {

	private final Documents documents = new Documents();

	private final Deduplication deduplication = new Deduplication();

	public Documents getDocuments() {
		return this.documents;
	}

	public Deduplication getDeduplication() {
		return this.deduplication;
	}

	/**
	 * Storage of raw documents.
	 */
	public static class Documents {

		private final S3 s3 = new S3();

		public S3 getS3() {
			return this.s3;
		}

	}

	/**
	 * Storage of raw documents in an S3 bucket instead of the database.
	 */
	public static class S3 {

		/**
		 * Whether to store raw documents in an S3 bucket.
		 */
		private boolean enabled;

		/**
		 * Endpoint of an S3-compatible server; AWS's own when not set.
		 */
		private @Nullable String endpoint;

		/**
		 * Region of the bucket.
		 */
		private String region = "us-east-1";

		/**
		 * Bucket that holds the documents.
		 */
		private String bucket = "order-intake-documents";

		/**
		 * Access key; the AWS SDK's default credentials when not set.
		 */
		private @Nullable String accessKey;

		/**
		 * Secret key; the AWS SDK's default credentials when not set.
		 */
		private @Nullable String secretKey;

		/**
		 * Whether to address buckets in the path rather than the host name, as most
		 * S3-compatible servers need.
		 */
		private boolean pathStyleAccess = true;

		/**
		 * Whether to create the bucket at start-up when it is missing, for local runs.
		 */
		private boolean createBucket;

		/**
		 * Connect timeout of S3 calls.
		 */
		private Duration connectTimeout = Duration.ofSeconds(1);

		/**
		 * Read timeout of S3 calls.
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public String getRegion() {
			return this.region;
		}

		public void setRegion(String region) {
			this.region = region;
		}

		public String getBucket() {
			return this.bucket;
		}

		public void setBucket(String bucket) {
			Assert.hasText(bucket, "'sample.documents.s3.bucket' must not be empty");
			this.bucket = bucket;
		}

		public @Nullable String getAccessKey() {
			return this.accessKey;
		}

		public void setAccessKey(@Nullable String accessKey) {
			this.accessKey = accessKey;
		}

		public @Nullable String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(@Nullable String secretKey) {
			this.secretKey = secretKey;
		}

		public boolean isPathStyleAccess() {
			return this.pathStyleAccess;
		}

		public void setPathStyleAccess(boolean pathStyleAccess) {
			this.pathStyleAccess = pathStyleAccess;
		}

		public boolean isCreateBucket() {
			return this.createBucket;
		}

		public void setCreateBucket(boolean createBucket) {
			this.createBucket = createBucket;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

	}

	/**
	 * De-duplication of inbound documents in Redis.
	 */
	public static class Deduplication {

		/**
		 * Whether to recognise documents received twice, with Redis.
		 */
		private boolean enabled;

		/**
		 * How long a document is remembered.
		 */
		private Duration window = Duration.ofHours(24);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			Assert.isTrue(!window.isNegative() && !window.isZero(), "'sample.deduplication.window' must be positive");
			this.window = window;
		}

	}

}
