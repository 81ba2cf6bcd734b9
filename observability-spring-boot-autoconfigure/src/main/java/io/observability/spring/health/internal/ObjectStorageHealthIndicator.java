package io.observability.spring.health.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} for S3-compatible object storage: sends {@code HeadBucket}
 * through the application's AWS SDK v2 {@link S3Client} for each configured bucket, or
 * {@code ListBuckets} when no bucket is configured; a role that may not list buckets
 * ({@code AccessDenied}) is then up, as the service answered and accepted its
 * credentials.
 * <p>
 * Details: {@code endpoint} (when overridden; without user info, query or fragment),
 * {@code region}, and per bucket in {@code buckets} its {@code status}, {@code latencyMs}
 * and, when it is down, an {@code error} that never contains an exception message:
 * messages of the SDK can carry request details, so only the HTTP status or the exception
 * type is reported. Credentials are never read.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class ObjectStorageHealthIndicator extends AbstractHealthIndicator {

	private static final String ACCESS_DENIED = "AccessDenied";

	private final S3Client s3;

	private final List<String> buckets;

	private final @Nullable Duration apiCallTimeout;

	/**
	 * Create a new instance.
	 * @param s3 the client to check with
	 * @param buckets the buckets that must exist; none to check with {@code ListBuckets}
	 * @param apiCallTimeout timeout of each call, so that a hung server does not hold the
	 * checking thread; {@code null} to keep the client's own
	 */
	public ObjectStorageHealthIndicator(S3Client s3, List<String> buckets, @Nullable Duration apiCallTimeout) {
		// Never the exception message, see the class comment
		super((ex) -> "Object storage health check failed: " + ex.getClass().getName());
		this.s3 = s3;
		this.buckets = List.copyOf(buckets);
		this.apiCallTimeout = apiCallTimeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		addClientDetails(builder);
		if (this.buckets.isEmpty()) {
			Map<String, Object> result = check(() -> this.s3.listBuckets((request) -> request.maxBuckets(1)
				.overrideConfiguration((configuration) -> overrideConfiguration(configuration, 1))), true);
			builder.status(isUp(result) ? "UP" : "DOWN");
			result.forEach((key, value) -> {
				if (!"status".equals(key)) {
					builder.withDetail(key, value);
				}
			});
			return;
		}
		Map<String, Object> bucketDetails = new LinkedHashMap<>();
		List<String> failed = new ArrayList<>();
		for (String bucket : this.buckets) {
			Map<String, Object> result = check(() -> this.s3.headBucket((request) -> request.bucket(bucket)
				.overrideConfiguration((configuration) -> overrideConfiguration(configuration, this.buckets.size()))),
					false);
			bucketDetails.put(bucket, result);
			if (!isUp(result)) {
				failed.add(bucket + " (" + result.get("error") + ")");
			}
		}
		builder.withDetail("buckets", bucketDetails);
		if (failed.isEmpty()) {
			builder.up();
		}
		else {
			builder.down().withDetail("error", "unavailable: " + String.join(", ", failed));
		}
	}

	// The buckets are checked one after the other: each call gets its share of the time
	private void overrideConfiguration(AwsRequestOverrideConfiguration.Builder configuration, int calls) {
		if (this.apiCallTimeout != null) {
			configuration.apiCallTimeout(this.apiCallTimeout.dividedBy(calls));
		}
	}

	private void addClientDetails(Health.Builder builder) {
		S3ServiceClientConfiguration configuration = this.s3.serviceClientConfiguration();
		configuration.endpointOverride()
			.map(ObjectStorageHealthIndicator::withoutSecrets)
			.ifPresent((endpoint) -> builder.withDetail("endpoint", endpoint));
		Region region = configuration.region();
		if (region != null) {
			builder.withDetail("region", region.id());
		}
	}

	private static String withoutSecrets(URI uri) {
		try {
			return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
		}
		catch (URISyntaxException ex) {
			return "(unparseable)";
		}
	}

	private Map<String, Object> check(Runnable call, boolean listingBuckets) {
		Map<String, Object> result = new LinkedHashMap<>();
		long start = System.nanoTime();
		String error = null;
		try {
			call.run();
		}
		catch (NoSuchBucketException ex) {
			error = "bucket not found";
		}
		catch (S3Exception ex) {
			if (listingBuckets && isAccessDenied(ex)) {
				// Authenticated, but not allowed to list buckets, as with most
				// least-privilege roles: the service answered
				result.put("listBuckets", "access denied: configure the buckets to check them");
			}
			else {
				error = describe(ex.statusCode());
			}
		}
		catch (ApiCallTimeoutException ex) {
			error = "timed out";
		}
		catch (SdkClientException ex) {
			error = "unreachable (" + ex.getClass().getSimpleName() + ")";
		}
		catch (RuntimeException ex) {
			error = ex.getClass().getName();
		}
		result.put("status", (error != null) ? "DOWN" : "UP");
		result.put("latencyMs", Duration.ofNanos(System.nanoTime() - start).toMillis());
		if (error != null) {
			result.put("error", error);
		}
		return result;
	}

	// AccessDenied, unlike InvalidAccessKeyId or SignatureDoesNotMatch, means that the
	// credentials were accepted
	private static boolean isAccessDenied(S3Exception ex) {
		return ex.awsErrorDetails() != null && ACCESS_DENIED.equals(ex.awsErrorDetails().errorCode());
	}

	private static String describe(int statusCode) {
		return switch (statusCode) {
			case 404 -> "bucket not found";
			case 403 -> "access denied (HTTP 403)";
			case 301, 307 -> "bucket in another region (HTTP " + statusCode + ")";
			default -> "HTTP " + statusCode;
		};
	}

	private static boolean isUp(Map<String, Object> result) {
		return "UP".equals(result.get("status"));
	}

}
