package io.observability.spring.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link S3ProxyServer}, through the AWS SDK as applications use it.
 *
 * @author Observability Spring Boot contributors
 */
class S3ProxyServerTests {

	@Test
	void storesAndReturnsObjectsThroughTheAwsSdk() {
		try (S3ProxyServer server = S3ProxyServer.start(); S3Client s3 = client(server)) {
			s3.createBucket((request) -> request.bucket("documents"));
			s3.putObject((request) -> request.bucket("documents").key("order.txt"),
					RequestBody.fromString("two pallets of bolts"));
			assertThat(s3.getObjectAsBytes((request) -> request.bucket("documents").key("order.txt")).asUtf8String())
				.isEqualTo("two pallets of bolts");
			assertThat(s3.headBucket((request) -> request.bucket("documents")).sdkHttpResponse().isSuccessful())
				.isTrue();
			assertThatExceptionOfType(NoSuchBucketException.class)
				.isThrownBy(() -> s3.headBucket((request) -> request.bucket("missing")));
		}
	}

	@Test
	void closeStopsTheServerProcess() {
		S3ProxyServer server = S3ProxyServer.start();
		server.close();
		assertThat(server.process().isAlive()).isFalse();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
			}
		});
	}

	private S3Client client(S3ProxyServer server) {
		return S3Client.builder()
			.endpointOverride(server.endpoint())
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

}
