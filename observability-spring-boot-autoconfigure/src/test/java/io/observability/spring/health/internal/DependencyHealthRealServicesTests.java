package io.observability.spring.health.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.observability.spring.health.HealthCheckListener;
import io.observability.spring.test.FaultProxy;
import io.observability.spring.test.HangingTcpServer;
import io.observability.spring.test.RefusingPort;
import io.observability.spring.test.S3ProxyServer;
import io.observability.spring.test.TestServices;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolation, recovery, warm-up and degraded readiness of dependency health in running web
 * applications, against real PostgreSQL, Redis and S3Proxy servers; failures come from
 * {@link FaultProxy fault proxies} and {@link HangingTcpServer hanging servers}, never
 * from the shared servers.
 *
 * @author Observability Spring Boot contributors
 */
class DependencyHealthRealServicesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final Duration CACHE_TTL = Duration.ofSeconds(1);

	private static final List<String> REAL = List.of("db", "redis", "objectStorage");

	private static final int HUNG = 16;

	private static S3ProxyServer s3Server;

	private static URI s3Endpoint;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private ConfigurableApplicationContext application;

	private String baseUrl;

	@BeforeAll
	static void startObjectStorage() {
		s3Server = S3ProxyServer.start();
		s3Endpoint = s3Server.endpoint();
		try (S3Client s3 = s3Client()) {
			s3.createBucket((request) -> request.bucket("documents"));
		}
	}

	@AfterAll
	static void stopObjectStorage() {
		if (s3Server != null) {
			s3Server.close();
		}
	}

	@AfterEach
	void stop() throws Exception {
		if (this.application != null) {
			this.application.close();
		}
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void hungDependenciesNeverMakeHealthyRealOnesDownOrSlowAProbe() throws Exception {
		HangingTcpServer hanging = HangingTcpServer.start();
		this.closeables.add(hanging);
		HungLegacyConfiguration.port = hanging.port();
		HungLegacyConfiguration.probes.clear();
		HungLegacyConfiguration.timedOut.clear();
		start(Map.of(), HungLegacyConfiguration.class);
		// The web layer's first request initialises and loads classes under locks: not
		// what
		// this test measures
		String first = get("/actuator/health").body();
		assertThat(JsonPath.<String>read(first, "$.components.legacy.status")).isEqualTo("DOWN");
		HungLegacyConfiguration.probes.clear();
		HungLegacyConfiguration.timedOut.clear();
		HungLegacyConfiguration.maxStartLagNanos.set(0);
		int storms = 5;
		ExecutorService callers = Executors.newFixedThreadPool(40);
		try {
			for (int storm = 0; storm < storms; storm++) {
				// Stale results: every storm starts new checks, retries the hung ones
				sleep(CACHE_TTL.plusMillis(100));
				CountDownLatch go = new CountDownLatch(1);
				List<Future<HttpResponse<String>>> probes = new ArrayList<>();
				for (int i = 0; i < 40; i++) {
					String path = (i % 2 == 0) ? "/actuator/health" : "/actuator/health/readiness";
					probes.add(callers.submit(() -> {
						go.await();
						return get(path);
					}));
				}
				go.countDown();
				for (Future<HttpResponse<String>> probe : probes) {
					String body = probe.get(30, TimeUnit.SECONDS).body();
					for (String component : REAL) {
						// Its own check ran and finished within its deadline
						assertThat(JsonPath.<String>read(body, "$.components." + component + ".status"))
							.as("%s in %s", component, body)
							.isEqualTo("UP");
						assertThat(JsonPath.<Integer>read(body, "$.components." + component + ".details.latencyMs"))
							.as("%s in %s", component, body)
							.isLessThan((int) TIMEOUT.toMillis());
					}
					assertThat(JsonPath.<String>read(body, "$.components.legacy.status")).isEqualTo("DOWN");
					for (int i = 0; i < HUNG; i++) {
						assertThat(JsonPath.<String>read(body,
								"$.components.legacy.components.target" + i + ".details.error"))
							.isIn("timed out after " + BoundedHealthIndicator.format(TIMEOUT),
									"earlier checks still hung, no new check started");
					}
				}
				assertThat(threads("health-check-legacy/")).as("threads of the hung checks")
					.isLessThanOrEqualTo(HUNG * BoundedHealthIndicator.MAX_THREADS);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(HungLegacyConfiguration.timedOut).as("timed-out checks").doesNotContainAnyElementsOf(REAL);
		MeterRegistry meters = this.application.getBean(MeterRegistry.class);
		for (String component : REAL) {
			// A check of its own per storm, besides the warm-up's
			assertThat(meters.get(HealthMetrics.DURATION_METER).tag("component", component).timer().count())
				.as("completed checks of %s", component)
				.isGreaterThanOrEqualTo(storms);
		}
		// The time a probe spends parked or blocked, measured on the server, leaves out
		// the time a busy machine keeps its threads waiting for a CPU. All stale checks
		// start together and a caller waits for each until its own start plus the
		// timeout: one timeout after the latest start, which the scheduler may delay (the
		// lag, measured). Half a timeout covers the rest a probe waits for on a busy
		// machine: locks handed over among 40 callers and the web layer's own on new
		// request threads (up to 0.3 s seen under a load average of 13 on 2 cores).
		// Waiting for the hung checks one after another, or a second time, would park a
		// probe for two timeouts or more.
		Duration lag = Duration.ofNanos(HungLegacyConfiguration.maxStartLagNanos.get());
		assertThat(HungLegacyConfiguration.probes).hasSize(storms * 40)
			.allSatisfy((parked) -> assertThat(parked).as("time a probe waited for checks, start lag %s", lag)
				.isLessThan(TIMEOUT.plus(lag).plus(TIMEOUT.dividedBy(2))));
		assertThat(abandoned("legacy/target0")).isPositive();
	}

	@Test
	void checkThatHangsRecoversWithinTimeoutPlusCacheTimeWithBoundedThreads() {
		TestServices.RedisDetails redis = TestServices.redis();
		FaultProxy redisProxy = FaultProxy.start(redis.host(), redis.port());
		this.closeables.add(redisProxy);
		ManualClockConfiguration.clock.set(1_000_000_000L);
		start(Map.of("spring.data.redis.host", redisProxy.host(), "spring.data.redis.port",
				String.valueOf(redisProxy.port())), ManualClockConfiguration.class);
		assertThat(status("redis")).isEqualTo("UP");
		redisProxy.hang();
		for (int evaluation = 0; evaluation < 5; evaluation++) {
			advance(CACHE_TTL.plus(TIMEOUT));
			assertThat(status("redis")).isEqualTo("DOWN");
			assertThat(threads("health-check-redis")).isLessThanOrEqualTo(BoundedHealthIndicator.MAX_THREADS);
		}
		assertThat(abandoned("redis")).isPositive();
		redisProxy.forward();
		long answering = ManualClockConfiguration.clock.get();
		advance(CACHE_TTL);
		String status = status("redis");
		if (!"UP".equals(status)) {
			// The new check started at that evaluation may take up to its timeout
			advance(TIMEOUT);
			status = status("redis");
		}
		assertThat(status).isEqualTo("UP");
		assertThat(Duration.ofNanos(ManualClockConfiguration.clock.get() - answering))
			.isLessThanOrEqualTo(TIMEOUT.plus(CACHE_TTL));
		assertThat(threads("health-check-redis")).isLessThanOrEqualTo(BoundedHealthIndicator.MAX_THREADS);
	}

	@Test
	void firstHealthAfterStartUpReadsHealthyRealDependenciesUpOnABusyMachine() throws Exception {
		AtomicBoolean burning = new AtomicBoolean(true);
		List<Thread> burners = new ArrayList<>();
		for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
			Thread burner = new Thread(() -> {
				long value = 0;
				while (burning.get()) {
					value = value * 31 + System.nanoTime();
				}
				assertThat(value).isNotNull();
			}, "cpu-burner-" + i);
			burner.setDaemon(true);
			burner.start();
			burners.add(burner);
		}
		try {
			start(Map.of());
			HttpResponse<String> health = get("/actuator/health");
			for (String component : REAL) {
				assertThat(JsonPath.<String>read(health.body(), "$.components." + component + ".status"))
					.as("%s in %s", component, health.body())
					.isEqualTo("UP");
			}
			assertThat(health.statusCode()).isEqualTo(200);
		}
		finally {
			burning.set(false);
			for (Thread burner : burners) {
				burner.join(5000);
			}
		}
	}

	@Test
	void downDependencyMarkedDegradedLeavesReadinessUpAndItsGaugeAtZero() throws Exception {
		try (RefusingPort refusingPort = RefusingPort.open()) {
			int closedPort = refusingPort.port();
			start(Map.of("spring.data.redis.port", String.valueOf(closedPort), "observability.health.readiness.redis",
					"degraded"));
			HttpResponse<String> readiness = get("/actuator/health/readiness");
			assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
			assertThat(readiness.body()).doesNotContain("redis");
			HttpResponse<String> health = get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(JsonPath.<String>read(health.body(), "$.components.redis.status")).isEqualTo("DOWN");
			assertThat(JsonPath.<String>read(health.body(), "$.components.db.status")).isEqualTo("UP");
			MeterRegistry meters = this.application.getBean(MeterRegistry.class);
			assertThat(meters.get(HealthMetrics.STATUS_METER).tag("component", "redis").gauge().value()).isZero();
			assertThat(meters.get(HealthMetrics.STATUS_METER).tag("component", "db").gauge().value()).isOne();
		}
	}

	private void start(Map<String, String> properties, Class<?>... configurations) {
		TestServices.PostgresDetails postgres = TestServices.postgres();
		TestServices.RedisDetails redis = TestServices.redis();
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("server.port", "0");
		all.put("spring.datasource.url", postgres.jdbcUrl());
		all.put("spring.datasource.username", postgres.username());
		all.put("spring.datasource.password", postgres.password());
		all.put("spring.data.redis.host", redis.host());
		all.put("spring.data.redis.port", String.valueOf(redis.port()));
		all.put("observability.health.object-storage.buckets", "documents");
		all.put("management.endpoint.health.show-details", "always");
		all.put("management.endpoints.web.exposure.include", "health");
		all.putAll(properties);
		List<Class<?>> sources = new ArrayList<>(List.of(RealServicesApplication.class));
		sources.addAll(List.of(configurations));
		this.application = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).properties(all).run();
		int port = ((WebServerApplicationContext) this.application).getWebServer().getPort();
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	private String status(String component) {
		return JsonPath.read(get("/actuator/health").body(), "$.components." + component + ".status");
	}

	private void advance(Duration duration) {
		ManualClockConfiguration.clock.addAndGet(duration.toNanos());
	}

	private double abandoned(String component) {
		Counter counter = this.application.getBean(MeterRegistry.class)
			.find(HealthMetrics.ABANDONED_METER)
			.tag("component", component)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static long threads(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(prefix))
			.count();
	}

	private HttpResponse<String> get(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(20))
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static S3Client s3Client() {
		return S3Client.builder()
			.endpointOverride(s3Endpoint)
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(s3Server.accessKey(), s3Server.secretKey())))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	private static HealthCheckListener all(ObjectProvider<HealthCheckListener> listeners) {
		return new HealthCheckListener() {

			@Override
			public void onCheckCompleted(String name, Health health, Duration duration) {
				listeners.orderedStream().forEach((listener) -> listener.onCheckCompleted(name, health, duration));
			}

			@Override
			public void onCheckTimedOut(String name, Duration timeout) {
				listeners.orderedStream().forEach((listener) -> listener.onCheckTimedOut(name, timeout));
			}

			@Override
			public void onCheckAbandoned(String name) {
				listeners.orderedStream().forEach((listener) -> listener.onCheckAbandoned(name));
			}

		};
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
	static class RealServicesApplication {

		@Bean
		S3Client s3Client() {
			return DependencyHealthRealServicesTests.s3Client();
		}

	}

	/**
	 * Sixteen dependencies on one hung host, as the targets of a routing data source
	 * would be: each check reads from a socket without a read timeout, which no interrupt
	 * ends.
	 */
	@Configuration(proxyBeanMethods = false)
	static class HungLegacyConfiguration {

		static volatile int port;

		static final List<Duration> probes = new CopyOnWriteArrayList<>();

		static final List<String> timedOut = new CopyOnWriteArrayList<>();

		static final AtomicLong maxStartLagNanos = new AtomicLong();

		/**
		 * The application's bounded checks, on threads that record how late the scheduler
		 * starts them.
		 * @param listeners the listeners to notify
		 * @return the checks
		 */
		@Bean
		BoundedHealthChecks boundedHealthChecks(ObjectProvider<HealthCheckListener> listeners) {
			CheckThreads runtime = CheckThreads.ofRuntime();
			CheckThreads recording = (name, task) -> {
				long requested = System.nanoTime();
				return runtime.start(name, () -> {
					maxStartLagNanos.accumulateAndGet(System.nanoTime() - requested, Math::max);
					task.run();
				});
			};
			return new BoundedHealthChecks(new DependencyHealthContributors(Set.of()), (name) -> TIMEOUT, CACHE_TTL,
					all(listeners), (name) -> Map.of(), recording, System::nanoTime);
		}

		@Bean
		HealthCheckListener timedOutChecks() {
			return new HealthCheckListener() {

				@Override
				public void onCheckCompleted(String name, Health health, Duration duration) {
				}

				@Override
				public void onCheckTimedOut(String name, Duration timeout) {
					timedOut.add(name);
				}

			};
		}

		/**
		 * Records how long each probe's thread was parked or blocked on the server.
		 * @return the filter
		 */
		@Bean
		Filter parkedTimeFilter() {
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			threads.setThreadContentionMonitoringEnabled(true);
			return (request, response, chain) -> {
				long before = waitedMillis(threads);
				chain.doFilter(request, response);
				if (((HttpServletRequest) request).getRequestURI().startsWith("/actuator/health")) {
					probes.add(Duration.ofMillis(waitedMillis(threads) - before));
				}
			};
		}

		private static long waitedMillis(ThreadMXBean threads) {
			ThreadInfo info = threads.getThreadInfo(Thread.currentThread().getId());
			return info.getWaitedTime() + info.getBlockedTime();
		}

		@Bean
		HealthContributor legacyHealthContributor() {
			Map<String, HealthIndicator> members = new LinkedHashMap<>();
			for (int i = 0; i < HUNG; i++) {
				members.put("target" + i, HungLegacyConfiguration::readWithoutTimeout);
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
				return Health.down(ex).build();
			}
		}

	}

	/**
	 * The application's bounded checks on a clock the test moves; checks still run on
	 * real threads.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ManualClockConfiguration {

		static final AtomicLong clock = new AtomicLong();

		@Bean
		BoundedHealthChecks boundedHealthChecks(ObjectProvider<HealthCheckListener> listeners) {
			return new BoundedHealthChecks(new DependencyHealthContributors(Set.of()), (name) -> TIMEOUT, CACHE_TTL,
					all(listeners), (name) -> Map.of(), CheckThreads.ofRuntime(), clock::get);
		}

	}

}
