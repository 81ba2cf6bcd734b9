package io.observability.spring.benchmarks.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.observability.spring.health.internal.ObjectStorageHealthIndicator;
import io.observability.spring.test.FaultProxy;
import io.observability.spring.test.HangingTcpServer;
import io.observability.spring.test.S3ProxyServer;
import io.observability.spring.test.TestServices;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Measures {@code GET /actuator/health/readiness} while PostgreSQL, Redis and an S3
 * server all hang (accept connections, never answer), first with Spring Boot's own
 * {@code db} and {@code redis} indicators added to readiness, then with the starter's
 * bounded ones.
 * <p>
 * The servers are the real ones (local PostgreSQL and Redis, an S3Proxy process) behind
 * {@link FaultProxy fault proxies} in this JVM, so the shared servers are never touched.
 * Spring Boot has no object storage indicator; the Boot run uses the starter's
 * {@link ObjectStorageHealthIndicator} without any bounding and with the S3 client's
 * default timeouts, as an application writing its own would.
 * <p>
 * With the argument {@code hung}, it measures instead the starter with healthy real
 * dependencies plus 1, 4 and 16 hung ones (members of one composite, each reading a
 * socket of a server that never answers, without a read timeout): probe latency and live
 * threads over repeated probes past the cache time.
 * <p>
 * Run it as {@code docs/benchmarks.md} says; arguments: {@code boot},
 * {@code observability} or both (default), or {@code hung}.
 *
 * @author Observability Spring Boot contributors
 */
public final class HungDependenciesReadinessBenchmark {

	private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(10);

	private HungDependenciesReadinessBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<String> modes = (args.length > 0) ? List.of(args) : List.of("boot", "observability");
		if (modes.equals(List.of("hung"))) {
			measureHung(List.of(1, 4, 16));
			return;
		}
		TestServices.PostgresDetails postgres = TestServices.postgres();
		TestServices.RedisDetails redis = TestServices.redis();
		URI postgresUri = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
		try (S3ProxyServer s3Server = S3ProxyServer.start();
				FaultProxy postgresProxy = FaultProxy.start(postgresUri.getHost(), postgresUri.getPort());
				FaultProxy redisProxy = FaultProxy.start(redis.host(), redis.port());
				FaultProxy s3Proxy = FaultProxy.start("127.0.0.1", s3Server.port())) {
			try (S3Client s3 = s3Client(s3Server, s3Server.endpoint())) {
				s3.createBucket((request) -> request.bucket("documents"));
			}
			Fixture.server = s3Server;
			Fixture.endpoint = URI.create("http://127.0.0.1:" + s3Proxy.port());
			for (String mode : modes) {
				boolean ours = mode.equals("observability");
				List<String> properties = new ArrayList<>(List.of("server.port=0",
						"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgresProxy.port()
								+ postgresUri.getPath(),
						"spring.datasource.username=" + postgres.username(),
						"spring.datasource.password=" + postgres.password(), "spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + redisProxy.port(),
						"management.endpoints.web.exposure.include=health",
						"management.endpoint.health.show-details=always",
						"observability.health.object-storage.buckets=documents", "benchmark.boot=" + !ours));
				if (!ours) {
					properties.add("observability.health.enabled=false");
					properties.add("management.endpoint.health.group.readiness.include=readinessState,db,redis,"
							+ "objectStorage");
					properties.add("management.endpoint.health.group.readiness.show-details=always");
				}
				try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Fixture.class)
					.properties(properties.toArray(String[]::new))
					.run()) {
					int port = ((WebServerApplicationContext) context).getWebServer().getPort();
					measure(mode, "http://127.0.0.1:" + port + "/actuator/health/readiness", ours ? 5 : 1,
							List.of(postgresProxy, redisProxy, s3Proxy));
				}
			}
		}
	}

	private static void measure(String mode, String url, int probes, List<FaultProxy> proxies)
			throws IOException, InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT).build();
		for (int i = 0; i < 20; i++) {
			http.send(request, HttpResponse.BodyHandlers.discarding());
		}
		proxies.forEach(FaultProxy::hang);
		try {
			for (int i = 0; i < probes; i++) {
				// Past the cache time-to-live, so that every probe asks for fresh checks
				Thread.sleep(1100);
				long start = System.nanoTime();
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
				System.out.printf("%-13s probe %d: HTTP %d in %,d ms%n", mode, i + 1, response.statusCode(), millis);
				if (i == 0) {
					System.out.println("  " + response.body());
				}
			}
		}
		finally {
			proxies.forEach(FaultProxy::forward);
		}
	}

	private static void measureHung(List<Integer> counts) throws Exception {
		TestServices.PostgresDetails postgres = TestServices.postgres();
		TestServices.RedisDetails redis = TestServices.redis();
		try (S3ProxyServer s3Server = S3ProxyServer.start(); HangingTcpServer hanging = HangingTcpServer.start()) {
			try (S3Client s3 = s3Client(s3Server, s3Server.endpoint())) {
				s3.createBucket((request) -> request.bucket("documents"));
			}
			Fixture.server = s3Server;
			Fixture.endpoint = s3Server.endpoint();
			HungFixture.port = hanging.port();
			for (int count : counts) {
				HungFixture.count = count;
				int threadsBefore = Thread.activeCount();
				try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Fixture.class,
						HungFixture.class)
					.properties("server.port=0", "spring.datasource.url=" + postgres.jdbcUrl(),
							"spring.datasource.username=" + postgres.username(),
							"spring.datasource.password=" + postgres.password(),
							"spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
							"management.endpoints.web.exposure.include=health",
							"management.endpoint.health.show-details=always",
							"observability.health.object-storage.buckets=documents", "benchmark.boot=false")
					.run()) {
					int port = ((WebServerApplicationContext) context).getWebServer().getPort();
					HttpClient http = HttpClient.newHttpClient();
					HttpRequest request = HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
						.timeout(PROBE_TIMEOUT)
						.build();
					List<Long> millis = new ArrayList<>();
					int maxHealthThreads = 0;
					for (int i = 0; i < 10; i++) {
						// Past the cache time-to-live, so that every probe asks for fresh
						// checks
						Thread.sleep(1100);
						long start = System.nanoTime();
						http.send(request, HttpResponse.BodyHandlers.discarding());
						millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
						maxHealthThreads = Math.max(maxHealthThreads, healthCheckThreads());
					}
					List<Long> sorted = millis.stream().sorted().toList();
					System.out.printf(
							"hung=%-2d probes(ms)=%s median=%d max=%d health-check threads max=%d "
									+ "live threads at end=%d (before start %d)%n",
							count, millis, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
							maxHealthThreads, Thread.activeCount(), threadsBefore);
				}
			}
		}
	}

	private static int healthCheckThreads() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("health-check-"))
			.count();
	}

	private static S3Client s3Client(S3ProxyServer server, URI endpoint) {
		return S3Client.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	/**
	 * Hung dependencies: members of one composite, each reading a socket without a read
	 * timeout from a server that never answers.
	 */
	@Configuration(proxyBeanMethods = false)
	static class HungFixture {

		static int port;

		static int count;

		@Bean
		HealthContributor hungHealthContributor() {
			Map<String, HealthIndicator> members = new LinkedHashMap<>();
			for (int i = 0; i < count; i++) {
				members.put("target" + i, HungFixture::readWithoutTimeout);
			}
			return CompositeHealthContributor.fromMap(members);
		}

		private static Health readWithoutTimeout() {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
				InputStream input = socket.getInputStream();
				return (input.read() != -1) ? Health.up().build() : Health.down().build();
			}
			catch (IOException ex) {
				return Health.down().withDetail("error", ex.getClass().getName()).build();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Fixture {

		static S3ProxyServer server;

		static URI endpoint;

		@Bean
		S3Client s3Client() {
			return HungDependenciesReadinessBenchmark.s3Client(server, endpoint);
		}

		@Bean
		@ConditionalOnBooleanProperty("benchmark.boot")
		HealthIndicator objectStorageHealthIndicator(S3Client s3Client) {
			return new ObjectStorageHealthIndicator(s3Client, List.of("documents"), null);
		}

	}

}
