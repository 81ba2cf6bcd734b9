package io.observability.spring.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CardinalityGuardMeterFilter}.
 *
 * @author Observability Spring Boot contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class CardinalityGuardMeterFilterTests {

	private static final int DISTINCT_VALUES = 100_000;

	@Test
	void hundredThousandDistinctValuesStayBoundedWithExactTotals(CapturedOutput output) {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(100);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(guard);
		guard.bindTo(registry);
		for (int i = 0; i < DISTINCT_VALUES; i++) {
			Counter.builder("documents.received")
				.tag("customer", "c" + i)
				.tag("source", "EMAIL")
				.register(registry)
				.increment();
		}
		assertThat(registry.find("documents.received").counters()).hasSize(101);
		assertThat(registry.get("documents.received").tag("customer", "OTHER").counter().count())
			.isEqualTo(DISTINCT_VALUES - 100);
		assertThat(registry.find("documents.received").counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo(DISTINCT_VALUES);
		assertThat(overflow(registry, "documents.received", "customer")).isEqualTo(DISTINCT_VALUES - 100);
		assertThat(registry.find(CardinalityGuardMeterFilter.OVERFLOW_METER_NAME).tag("tag", "source").meters())
			.isEmpty();
		assertThat(output).containsOnlyOnce("Tag 'customer' of meter 'documents.received' reached 100 distinct values");
	}

	@Test
	void compositeAndChildrenStayBoundedWhenTheGuardIsOnAll(CapturedOutput output) {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(100);
		SimpleMeterRegistry first = new SimpleMeterRegistry();
		SimpleMeterRegistry second = new SimpleMeterRegistry();
		CompositeMeterRegistry composite = new CompositeMeterRegistry();
		for (MeterRegistry registry : new MeterRegistry[] { first, second, composite }) {
			registry.config().meterFilter(guard);
		}
		composite.add(first);
		composite.add(second);
		guard.bindTo(composite);
		for (int i = 0; i < DISTINCT_VALUES; i++) {
			Timer.builder("erp.push").tag("order", "o" + i).register(composite).record(Duration.ofMillis(1));
		}
		for (MeterRegistry registry : new MeterRegistry[] { composite, first, second }) {
			assertThat(registry.find("erp.push").timers()).hasSize(101);
			assertThat(registry.find("erp.push").timers().stream().mapToLong(Timer::count).sum())
				.isEqualTo(DISTINCT_VALUES);
			assertThat(overflow(registry, "erp.push", "order")).isEqualTo(DISTINCT_VALUES - 100);
		}
		assertThat(output).containsOnlyOnce("Tag 'order' of meter 'erp.push' reached 100 distinct values");
	}

	@Test
	void limitIsPerMeterAndPerTag() {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(2);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(guard);
		for (String value : new String[] { "a", "b", "c" }) {
			registry.counter("one", "key", value).increment();
			registry.counter("two", "key", value, "other", value).increment();
		}
		assertThat(registry.find("one").counters()).extracting((counter) -> counter.getId().getTag("key"))
			.containsExactlyInAnyOrder("a", "b", "OTHER");
		assertThat(registry.find("two").counters()).extracting(Meter::getId)
			.extracting((id) -> id.getTag("key") + "/" + id.getTag("other"))
			.containsExactlyInAnyOrder("a/a", "b/b", "OTHER/OTHER");
	}

	@Test
	void overflowCounterIsRegisteredWhenBoundAfterTheFirstOverflow() {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(1);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(guard);
		registry.counter("early", "key", "a").increment();
		registry.counter("early", "key", "b").increment();
		guard.bindTo(registry);
		assertThat(overflow(registry, "early", "key")).isEqualTo(1);
	}

	@Test
	void maximumMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CardinalityGuardMeterFilter(0))
			.withMessageContaining("maxTagValues");
	}

	private double overflow(MeterRegistry registry, String meter, String tag) {
		return registry.get(CardinalityGuardMeterFilter.OVERFLOW_METER_NAME)
			.tag("meter", meter)
			.tag("tag", tag)
			.functionCounter()
			.count();
	}

}
