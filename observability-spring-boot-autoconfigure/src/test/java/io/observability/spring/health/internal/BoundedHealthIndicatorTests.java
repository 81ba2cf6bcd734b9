package io.observability.spring.health.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import io.observability.spring.health.HealthCheckListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BoundedHealthIndicator}. Deadlines and cache times run on an injected
 * clock, moved by the tests; checks run on real threads.
 *
 * @author Observability Spring Boot contributors
 */
class BoundedHealthIndicatorTests {

	/**
	 * Long, as a caller waits for a running check in real time: a loaded machine can take
	 * seconds to run a new thread.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration CACHE_TTL = Duration.ofSeconds(10);

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void release() {
		this.release.countDown();
	}

	@Test
	void healthyDelegateIsUpWithItsDetailsAndLatency() {
		BoundedHealthIndicator indicator = bounded(() -> Health.up().withDetail("version", "7").build());
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("version", "7").containsKey("latencyMs");
		assertThat(indicator.health(false).getDetails()).isEmpty();
		assertThat(this.events).containsExactly("completed dependency UP");
	}

	@Test
	void extraDetailsAreAddedWithoutReplacingTheChecksOwn() {
		BoundedHealthIndicator indicator = new BoundedHealthIndicator("db",
				() -> Health.up().withDetail("database", "PostgreSQL").build(), TIMEOUT, CACHE_TTL, this::start,
				this.listener, (name) -> Map.of("pool", Map.of("max", 4), "database", "other"), this.clock::get);
		assertThat(indicator.health().getDetails()).containsEntry("database", "PostgreSQL")
			.containsEntry("pool", Map.of("max", 4));
	}

	@Test
	void hungCheckReadsDownOnceItsDeadlinePassesWithoutWaiting() throws Exception {
		BoundedHealthIndicator indicator = bounded(this::hang);
		indicator.refreshInBackground();
		awaitStarted();
		assertThat(indicator.latestStatus()).isEqualTo(Status.UNKNOWN);
		this.clock.addAndGet(TIMEOUT.toNanos());
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "timed out after 10s");
		assertThat(indicator.latestStatus()).isEqualTo(Status.DOWN);
		assertThat(this.events).containsExactly("timed out dependency");
	}

	@Test
	void deadlineCountsFromWhenTheCheckStartsRunning() throws Exception {
		List<Runnable> queued = new ArrayList<>();
		BoundedHealthIndicator indicator = new BoundedHealthIndicator("dependency", this::hang, Duration.ofSeconds(1),
				CACHE_TTL, (name, task) -> {
					// A thread that gets no CPU for a while
					queued.add(task);
					return Thread.currentThread();
				}, this.listener, (name) -> Map.of(), this.clock::get);
		indicator.refreshInBackground();
		this.clock.addAndGet(Duration.ofMillis(900).toNanos());
		Thread late = new Thread(queued.get(0));
		late.start();
		awaitStarted();
		this.clock.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(indicator.latestStatus()).isEqualTo(Status.UNKNOWN);
		this.clock.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(indicator.latestStatus()).isEqualTo(Status.DOWN);
		this.release.countDown();
		late.join(30_000);
	}

	@Test
	void resultIsCachedForTheTimeToLive() {
		AtomicInteger calls = new AtomicInteger();
		BoundedHealthIndicator indicator = bounded(
				() -> Health.up().withDetail("call", calls.incrementAndGet()).build());
		assertThat(indicator.health().getDetails()).containsEntry("call", 1);
		this.clock.addAndGet(CACHE_TTL.toNanos() - 1);
		assertThat(indicator.health().getDetails()).containsEntry("call", 1);
		this.clock.addAndGet(1);
		assertThat(indicator.health().getDetails()).containsEntry("call", 2);
	}

	@Test
	void concurrentCallersShareOneCheck() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch go = new CountDownLatch(1);
		BoundedHealthIndicator indicator = bounded(() -> {
			calls.incrementAndGet();
			await(go);
			return Health.up().build();
		});
		ExecutorService callers = Executors.newFixedThreadPool(50);
		try {
			List<Future<Health>> results = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				results.add(callers.submit(() -> indicator.health()));
			}
			go.countDown();
			for (Future<Health> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.UP);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(calls).hasValue(1);
		assertThat(this.threads).hasSize(1);
	}

	@Test
	void hungCheckIsAbandonedAndRetriedOnceItsTimedOutResultIsStale() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		List<Boolean> interrupted = new CopyOnWriteArrayList<>();
		BoundedHealthIndicator indicator = bounded(() -> {
			if (calls.incrementAndGet() == 1) {
				this.started.countDown();
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					interrupted.add(true);
				}
				return Health.up().withDetail("late", true).build();
			}
			return Health.up().build();
		});
		indicator.refreshInBackground();
		// The first check must hang, not the retry: a loaded machine may run its thread
		// late
		awaitStarted();
		this.clock.addAndGet(TIMEOUT.toNanos());
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		this.clock.addAndGet(CACHE_TTL.toNanos() - 1);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.threads).hasSize(1);
		this.clock.addAndGet(1);
		Health recovered = indicator.health();
		assertThat(recovered.getStatus()).isEqualTo(Status.UP);
		assertThat(recovered.getDetails()).doesNotContainKey("late");
		assertThat(this.threads).hasSize(2);
		this.threads.get(0).join(30_000);
		assertThat(interrupted).containsExactly(true);
		assertThat(this.events).containsExactly("timed out dependency", "abandoned dependency",
				"completed dependency UP");
		assertThat(indicator.health().getDetails()).doesNotContainKey("late");
	}

	@Test
	void checkThatKeepsHangingNeverAccumulatesThreads() throws Exception {
		Semaphore entered = new Semaphore(0);
		BoundedHealthIndicator indicator = bounded(() -> {
			entered.release();
			return hangIgnoringInterrupts();
		});
		for (int attempt = 0; attempt < 20; attempt++) {
			int before = this.threads.size();
			indicator.refreshInBackground();
			if (this.threads.size() > before) {
				// A check that starts after the clock moved would move its deadline
				assertThat(entered.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
			}
			this.clock.addAndGet(TIMEOUT.plus(CACHE_TTL).toNanos());
			assertThat(indicator.latestStatus()).isEqualTo(Status.DOWN);
		}
		assertThat(this.threads).hasSize(BoundedHealthIndicator.MAX_THREADS);
		assertThat(indicator.health().getDetails()).containsEntry("error",
				"earlier checks still hung, no new check started");
		this.release.countDown();
		for (Thread thread : this.threads) {
			thread.join(30_000);
		}
		this.clock.addAndGet(CACHE_TTL.toNanos());
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void warmUpCheckHasTheStartUpAllowance() throws Exception {
		BoundedHealthIndicator indicator = bounded(this::hang);
		var check = indicator.warmUp(Duration.ofSeconds(50), false);
		this.clock.addAndGet(Duration.ofSeconds(30).toNanos());
		assertThat(indicator.latestStatus()).isEqualTo(Status.UNKNOWN);
		this.release.countDown();
		assertThat(check.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.UP);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void failingDelegateIsDownWithTheExceptionTypeOnly() {
		BoundedHealthIndicator indicator = bounded(() -> {
			throw new IllegalStateException("password=secret");
		});
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", IllegalStateException.class.getName());
		assertThat(health.toString()).doesNotContain("secret");
	}

	@Test
	void exceptionMessageOfASpringBootStyleIndicatorIsRemoved() {
		HealthIndicator bootStyle = new AbstractHealthIndicator() {

			@Override
			protected void doHealthCheck(Health.Builder builder) throws Exception {
				throw new java.sql.SQLException("FATAL: password authentication failed for user \"admin\" at db:5432");
			}

		};
		Health health = bounded(bootStyle).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "java.sql.SQLException");
		assertThat(health.toString()).doesNotContain("password").doesNotContain("admin");
	}

	@Test
	void exceptionMessageIsRemovedWhateverTheExceptionClassIsCalled() {
		Health health = bounded(() -> Health.down(new Refusal("refused api_key=k-123 for bob")).build()).health();
		assertThat(health.getDetails()).containsEntry("error", Refusal.class.getName());
		assertThat(health.toString()).doesNotContain("k-123").doesNotContain("bob");
	}

	@Test
	void textDetailsAreMaskedNestedOnesIncluded() {
		Health health = bounded(
				() -> Health.down()
					.withDetail("error", "login failed for bob password=hunter2")
					.withDetail("client_secret", "s3cr3t")
					.withDetail("targets", Map.of("primary", Map.of("url", "https://app:pw9@db/x")))
					.withDetail("retries", 3)
					.build(),
				(name, value) -> name.contains("secret") ? "****"
						: value.replace("hunter2", "****").replace("pw9", "****"))
			.health();
		assertThat(health.getDetails()).containsEntry("error", "login failed for bob password=****")
			.containsEntry("client_secret", "****")
			.containsEntry("targets", Map.of("primary", Map.of("url", "https://app:****@db/x")))
			.containsEntry("retries", 3);
	}

	@Test
	void errorDetailThatIsNoExceptionIsKept() {
		Health health = bounded(() -> Health.down().withDetail("error", "cluster_state is fail").build()).health();
		assertThat(health.getDetails()).containsEntry("error", "cluster_state is fail");
	}

	private BoundedHealthIndicator bounded(HealthIndicator delegate) {
		return new BoundedHealthIndicator("dependency", delegate, TIMEOUT, CACHE_TTL, this::start, this.listener,
				(name) -> Map.of(), this.clock::get);
	}

	private BoundedHealthIndicator bounded(HealthIndicator delegate, BiFunction<String, String, String> masker) {
		return new BoundedHealthIndicator("dependency", delegate, TIMEOUT, CACHE_TTL, this::start, this.listener,
				(name) -> Map.of(), masker, this.clock::get);
	}

	private Thread start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
		return thread;
	}

	private final HealthCheckListener listener = new HealthCheckListener() {

		@Override
		public void onCheckCompleted(String name, Health health, Duration duration) {
			BoundedHealthIndicatorTests.this.events.add("completed " + name + " " + health.getStatus());
		}

		@Override
		public void onCheckTimedOut(String name, Duration timeout) {
			BoundedHealthIndicatorTests.this.events.add("timed out " + name);
		}

		@Override
		public void onCheckAbandoned(String name) {
			BoundedHealthIndicatorTests.this.events.add("abandoned " + name);
		}

	};

	private final CountDownLatch started = new CountDownLatch(1);

	private void awaitStarted() throws InterruptedException {
		assertThat(this.started.await(30, TimeUnit.SECONDS)).isTrue();
	}

	private Health hang() {
		this.started.countDown();
		await(this.release);
		return Health.up().build();
	}

	private Health hangIgnoringInterrupts() {
		while (true) {
			try {
				this.release.await();
				return Health.up().build();
			}
			catch (InterruptedException ex) {
				// Like a socket read on a platform thread
			}
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * An exception whose class name does not say it is one.
	 */
	static final class Refusal extends RuntimeException {

		Refusal(String message) {
			super(message);
		}

	}

}
