package io.observability.spring.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BoundedHealthIndicator}.
 *
 * @author Observability Spring Boot contributors
 */
class BoundedHealthIndicatorTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final List<String> completed = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void releaseAndStop() {
		this.release.countDown();
		this.executor.shutdownNow();
	}

	@Test
	void healthyDelegateIsUpWithItsDetails() {
		BoundedHealthIndicator indicator = bounded(() -> Health.up().withDetail("version", "7").build(),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("version", "7");
		assertThat(indicator.health(false).getDetails()).isEmpty();
	}

	@Test
	void hungDelegateIsDownWhenTheTimeoutExpires() {
		BoundedHealthIndicator indicator = bounded(this::hang, Duration.ofMillis(200), Duration.ofSeconds(1));
		long start = System.nanoTime();
		Health health = indicator.health();
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "timed out after 200ms");
		assertThat(elapsedMillis).isBetween(190L, 400L);
	}

	@Test
	void callerAfterTheDeadlineOfARunningCheckDoesNotWait() {
		BoundedHealthIndicator indicator = bounded(this::hang, Duration.ofMillis(500), Duration.ofSeconds(1));
		indicator.health();
		long start = System.nanoTime();
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(250);
		assertThat(indicator.currentStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void resultIsCachedForTheTimeToLive() {
		AtomicInteger calls = new AtomicInteger();
		BoundedHealthIndicator indicator = bounded(
				() -> Health.up().withDetail("call", calls.incrementAndGet()).build(), Duration.ofSeconds(1),
				Duration.ofMillis(300));
		assertThat(indicator.health().getDetails()).containsEntry("call", 1);
		assertThat(indicator.health().getDetails()).containsEntry("call", 1);
		sleep(350);
		assertThat(indicator.health().getDetails()).containsEntry("call", 2);
	}

	@Test
	void concurrentCallersShareOneCheck() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		BoundedHealthIndicator indicator = bounded(() -> {
			calls.incrementAndGet();
			sleep(200);
			return Health.up().build();
		}, Duration.ofSeconds(1), Duration.ofSeconds(5));
		ExecutorService callers = Executors.newFixedThreadPool(50);
		try {
			List<Future<Health>> results = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				results.add(callers.submit(() -> indicator.health()));
			}
			for (Future<Health> result : results) {
				assertThat(result.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.UP);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(calls).hasValue(1);
		assertThat(this.completed).containsExactly("dependency:UP");
	}

	@Test
	void recoversWhenTheHungCheckCompletes() {
		BoundedHealthIndicator indicator = bounded(this::hang, Duration.ofMillis(100), Duration.ZERO);
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		this.release.countDown();
		awaitCompleted(1);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!Status.UP.equals(indicator.health().getStatus()) && System.nanoTime() < deadline) {
			sleep(10);
		}
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void failingDelegateIsDownWithoutTheExceptionMessage() {
		BoundedHealthIndicator indicator = bounded(() -> {
			throw new IllegalStateException("password=secret");
		}, Duration.ofSeconds(1), Duration.ofSeconds(1));
		Health health = indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", IllegalStateException.class.getName());
		assertThat(health.toString()).doesNotContain("secret");
	}

	@Test
	void staleCallerStartsRelatedChecksBeforeWaiting() {
		AtomicInteger related = new AtomicInteger();
		BoundedHealthIndicator indicator = new BoundedHealthIndicator("dependency", () -> Health.up().build(),
				Duration.ofSeconds(1), Duration.ofSeconds(1), this.executor, this::record, related::incrementAndGet);
		indicator.health();
		indicator.health();
		assertThat(related).hasValue(1);
	}

	private BoundedHealthIndicator bounded(HealthIndicator delegate, Duration timeout, Duration cacheTtl) {
		return new BoundedHealthIndicator("dependency", delegate, timeout, cacheTtl, this.executor, this::record,
				() -> {
				});
	}

	private synchronized void record(String name, Health health, Duration duration) {
		this.completed.add(name + ":" + health.getStatus());
	}

	private void awaitCompleted(int count) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline) {
			synchronized (this) {
				if (this.completed.size() >= count) {
					return;
				}
			}
			sleep(10);
		}
		throw new AssertionError("No check completed");
	}

	private Health hang() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return Health.up().build();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
