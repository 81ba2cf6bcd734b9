package io.observability.spring.health.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.jayway.jsonpath.JsonPath;
import io.observability.spring.health.HealthCheckListener;
import io.observability.spring.test.FaultProxy;
import io.observability.spring.test.S3ProxyServer;
import io.observability.spring.test.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault tests of dependency health in a running web application, against real PostgreSQL,
 * Redis and S3Proxy servers behind {@link FaultProxy fault proxies}: each dependency up,
 * refused, hung and back up, all three hung at once, and a probe storm.
 *
 * @author Observability Spring Boot contributors
 */
class DependencyHealthFaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final Duration CACHE_TTL = Duration.ofSeconds(1);

	/**
	 * What the issue allows on top of the timeout for a probe to answer.
	 */
	private static final Duration MARGIN = Duration.ofMillis(200);

	/**
	 * What single probes may take on top of the timeout on a loaded, shared machine (a
	 * thread there can wait seconds for a CPU): still far less than the clients' own
	 * waits that the bounds rule out (Hikari 30 s for a connection, Lettuce 60 s for a
	 * reply).
	 */
	private static final Duration LOADED = Duration.ofSeconds(5);

	private static final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();

	private static S3ProxyServer s3Server;

	private static FaultProxy postgresProxy;

	private static FaultProxy redisProxy;

	private static FaultProxy s3Proxy;

	private static ConfigurableApplicationContext application;

	private static HttpClient http;

	private static String baseUrl;

	@BeforeAll
	static void start() {
		TestServices.PostgresDetails postgres = TestServices.postgres();
		TestServices.RedisDetails redis = TestServices.redis();
		URI postgresUri = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
		postgresProxy = FaultProxy.start(postgresUri.getHost(), postgresUri.getPort());
		redisProxy = FaultProxy.start(redis.host(), redis.port());
		s3Server = S3ProxyServer.start();
		s3Proxy = FaultProxy.start("127.0.0.1", s3Server.port());
		try (S3Client s3 = s3Client(s3Server.endpoint())) {
			s3.createBucket((request) -> request.bucket("documents"));
		}
		String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgresProxy.port() + postgresUri.getPath();
		application = new SpringApplicationBuilder(FaultTestApplication.class).properties("server.port=0",
				"spring.datasource.url=" + jdbcUrl, "spring.datasource.username=" + postgres.username(),
				"spring.datasource.password=" + postgres.password(), "spring.datasource.hikari.maximum-pool-size=4",
				"spring.data.redis.host=" + redisProxy.host(), "spring.data.redis.port=" + redisProxy.port(),
				"observability.health.object-storage.buckets=documents",
				"management.endpoint.health.show-details=always", "management.endpoints.web.exposure.include=health")
			.run();
		http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		int port = ((WebServerApplicationContext) application).getWebServer().getPort();
		baseUrl = "http://127.0.0.1:" + port;
		awaitStartUpChecks();
		for (int i = 0; i < 5; i++) {
			get("/actuator/health/readiness");
			get("/actuator/health/liveness");
		}
	}

	/**
	 * The dependencies are checked once at start-up, before any probe, so that their
	 * clients connect early.
	 */
	private static void awaitStartUpChecks() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!checks.keySet().containsAll(List.of("db", "redis", "objectStorage"))) {
			assertThat(System.nanoTime()).as("start-up checks of %s", checks.keySet()).isLessThan(deadline);
			sleep(Duration.ofMillis(20));
		}
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
		closeAll(postgresProxy, redisProxy, s3Proxy);
		if (s3Server != null) {
			s3Server.close();
		}
	}

	@AfterEach
	void allBackUp() {
		postgresProxy.forward();
		redisProxy.forward();
		s3Proxy.forward();
		awaitReadiness((response) -> response.statusCode() == 200, Duration.ofSeconds(45));
	}

	@Test
	void upDependenciesAreReadyWithDetails() {
		HttpResponse<String> readiness = awaitReadiness((response) -> response.statusCode() == 200,
				Duration.ofSeconds(10));
		String body = readiness.body();
		assertThat(JsonPath.<String>read(body, "$.components.readinessState.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body, "$.components.db.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body, "$.components.db.details.database")).isEqualTo("PostgreSQL");
		assertThat(JsonPath.<Integer>read(body, "$.components.db.details.pool.max")).isEqualTo(4);
		assertThat(JsonPath.<String>read(body, "$.components.redis.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body, "$.components.redis.details.version")).isNotBlank();
		assertThat(JsonPath.<String>read(body, "$.components.objectStorage.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(body, "$.components.objectStorage.details.buckets.documents.status"))
			.isEqualTo("UP");
		assertThat(body).doesNotContain(s3Server.secretKey()).doesNotContain(s3Server.accessKey());
		HttpResponse<String> liveness = get("/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		// Spring Boot's liveness group shows no components: check that it holds no
		// dependency
		assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void refusedPostgresIsDownQuicklyAndRecovers() {
		assertDownThenUp(postgresProxy, FaultProxy::refuse, "db");
	}

	@Test
	void refusedRedisIsDownQuicklyAndRecovers() {
		assertDownThenUp(redisProxy, FaultProxy::refuse, "redis");
	}

	@Test
	void refusedObjectStorageIsDownQuicklyAndRecovers() {
		assertDownThenUp(s3Proxy, FaultProxy::refuse, "objectStorage");
	}

	@Test
	void hungPostgresIsDownWithinTheTimeoutAndRecovers() {
		assertDownThenUp(postgresProxy, FaultProxy::hang, "db");
	}

	@Test
	void hungRedisIsDownWithinTheTimeoutAndRecovers() {
		assertDownThenUp(redisProxy, FaultProxy::hang, "redis");
	}

	@Test
	void hungObjectStorageIsDownWithinTheTimeoutAndRecovers() {
		assertDownThenUp(s3Proxy, FaultProxy::hang, "objectStorage");
	}

	@Test
	void allThreeHungAnswer503WithinTheTimeout() {
		// Best of three: the machine is shared, one attempt can lose the CPU for a while
		Duration fastest = null;
		for (int attempt = 0; attempt < 3
				&& (fastest == null || fastest.compareTo(TIMEOUT.plus(MARGIN)) >= 0); attempt++) {
			awaitReadiness((response) -> response.statusCode() == 200, Duration.ofSeconds(45));
			postgresProxy.hang();
			redisProxy.hang();
			s3Proxy.hang();
			sleep(CACHE_TTL.plusMillis(100));
			long start = System.nanoTime();
			HttpResponse<String> readiness = get("/actuator/health/readiness");
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			fastest = (fastest == null || elapsed.compareTo(fastest) < 0) ? elapsed : fastest;
			assertThat(readiness.statusCode()).isEqualTo(503);
			for (String component : List.of("db", "redis", "objectStorage")) {
				// The S3 client's own call timeout, set to the same value, may win the
				// race
				assertThat(JsonPath.<String>read(readiness.body(), "$.components." + component + ".details.error"))
					.contains("timed out");
			}
			assertLivenessIsUp();
			// While the checks still hang, later probes answer at once
			start = System.nanoTime();
			assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
			postgresProxy.forward();
			redisProxy.forward();
			s3Proxy.forward();
		}
		assertThat(fastest).isLessThan(TIMEOUT.plus(MARGIN));
	}

	@Test
	void probeStormMakesAtMostOneCheckPerDependencyPerTimeToLive() throws Exception {
		awaitReadiness((response) -> response.statusCode() == 200, Duration.ofSeconds(10));
		sleep(CACHE_TTL.plusMillis(100));
		Map<String, Integer> before = snapshot();
		ExecutorService callers = Executors.newFixedThreadPool(200);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				responses.add(callers.submit(() -> {
					go.await();
					return get("/actuator/health/readiness");
				}));
			}
			long start = System.nanoTime();
			go.countDown();
			for (Future<HttpResponse<String>> response : responses) {
				HttpResponse<String> readiness = response.get(30, TimeUnit.SECONDS);
				assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
			}
			long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			long allowed = elapsedMillis / CACHE_TTL.toMillis() + 1;
			Map<String, Integer> after = snapshot();
			for (String component : List.of("db", "redis", "objectStorage")) {
				int made = after.getOrDefault(component, 0) - before.getOrDefault(component, 0);
				assertThat(made).as("checks of %s during a %d ms storm", component, elapsedMillis)
					.isBetween(1, (int) allowed);
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	private void assertDownThenUp(FaultProxy proxy, Consumer<FaultProxy> fault, String component) {
		awaitReadiness((response) -> response.statusCode() == 200, Duration.ofSeconds(10));
		fault.accept(proxy);
		long faultStart = System.nanoTime();
		HttpResponse<String> down = awaitReadiness((response) -> response.statusCode() == 503,
				CACHE_TTL.plus(TIMEOUT).plus(LOADED));
		assertThat(Duration.ofNanos(System.nanoTime() - faultStart)).isLessThan(CACHE_TTL.plus(TIMEOUT).plus(LOADED));
		assertThat(JsonPath.<String>read(down.body(), "$.components." + component + ".status")).isEqualTo("DOWN");
		assertLivenessIsUp();
		proxy.forward();
		HttpResponse<String> up = awaitReadiness((response) -> response.statusCode() == 200, Duration.ofSeconds(45));
		assertThat(JsonPath.<String>read(up.body(), "$.components." + component + ".status")).isEqualTo("UP");
	}

	private static void assertLivenessIsUp() {
		long start = System.nanoTime();
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		// Less than one wait for a hung check
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
	}

	/**
	 * Probe readiness until a response matches, checking that no probe waits for a hung
	 * client (Hikari waits 30 s for a connection, Lettuce 60 s for a reply).
	 */
	private static HttpResponse<String> awaitReadiness(Predicate<HttpResponse<String>> condition, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		HttpResponse<String> response;
		do {
			long start = System.nanoTime();
			response = get("/actuator/health/readiness");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("readiness probe time")
				.isLessThan(TIMEOUT.plus(LOADED));
			if (condition.test(response)) {
				return response;
			}
			sleep(Duration.ofMillis(50));
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError("Readiness did not match within " + limit + "; last answer " + response.statusCode()
				+ " " + response.body());
	}

	private static Map<String, Integer> snapshot() {
		Map<String, Integer> counts = new HashMap<>();
		checks.forEach((name, count) -> counts.put(name, count.get()));
		return counts;
	}

	private static HttpResponse<String> get(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static S3Client s3Client(URI endpoint) {
		return S3Client.builder()
			.endpointOverride(endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(s3Server.accessKey(), s3Server.secretKey())))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	private static void closeAll(FaultProxy... proxies) {
		for (FaultProxy proxy : proxies) {
			if (proxy != null) {
				proxy.close();
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class FaultTestApplication {

		@Bean
		S3Client s3Client() {
			return DependencyHealthFaultTests.s3Client(URI.create("http://127.0.0.1:" + s3Proxy.port()));
		}

		@Bean
		HealthCheckListener countingHealthCheckListener() {
			return (name, health, duration) -> checks.computeIfAbsent(name, (key) -> new AtomicInteger())
				.incrementAndGet();
		}

	}

}
