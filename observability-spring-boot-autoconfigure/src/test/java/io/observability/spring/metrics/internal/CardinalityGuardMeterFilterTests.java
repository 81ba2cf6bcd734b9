package io.observability.spring.metrics.internal;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
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
		// 99 customers and OTHER
		assertThat(registry.find("documents.received").counters()).hasSize(100);
		assertThat(registry.get("documents.received").tag("customer", "OTHER").counter().count())
			.isEqualTo(DISTINCT_VALUES - 99);
		assertThat(registry.find("documents.received").counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo(DISTINCT_VALUES);
		assertThat(overflow(registry, "documents.received", "customer")).isEqualTo(DISTINCT_VALUES - 99);
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
			assertThat(registry.find("erp.push").timers()).hasSize(100);
			assertThat(registry.find("erp.push").timers().stream().mapToLong(Timer::count).sum())
				.isEqualTo(DISTINCT_VALUES);
			assertThat(overflow(registry, "erp.push", "order")).isEqualTo(DISTINCT_VALUES - 99);
		}
		assertThat(output).containsOnlyOnce("Tag 'order' of meter 'erp.push' reached 100 distinct values");
	}

	@Test
	void limitIsPerMeterAndPerTag() {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(3);
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
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(2);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(guard);
		registry.counter("early", "key", "a").increment();
		registry.counter("early", "key", "b").increment();
		guard.bindTo(registry);
		assertThat(overflow(registry, "early", "key")).isEqualTo(1);
	}

	@Test
	void seriesBeyondTheMaximumAreFoldedIntoOneOverflowSeriesWithExactTotals(CapturedOutput output) {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(100);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(guard);
		guard.bindTo(registry);
		for (int i = 0; i < 40; i++) {
			for (int j = 0; j < 40; j++) {
				registry.counter("searches", "term", "t" + i, "region", "r" + j).increment();
			}
		}
		assertThat(registry.find("searches").counters()).hasSize(1001);
		assertThat(registry.find("searches").counters().stream().mapToDouble(Counter::count).sum()).isEqualTo(1600);
		assertThat(registry.get("searches").tag("term", "OTHER").tag("region", "OTHER").counter().count())
			.isEqualTo(600);
		assertThat(overflow(registry, "searches", CardinalityGuardMeterFilter.SERIES_OVERFLOW)).isEqualTo(600);
		assertThat(output).containsOnlyOnce("Meter 'searches' reached 1000 series");
	}

	@Test
	void seriesCapHoldsWhenTagValuesOverflowToo() {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(100);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(guard);
		for (int i = 0; i < 150; i++) {
			for (int j = 0; j < 150; j++) {
				registry.counter("searches", "term", "t" + i, "region", "r" + j).increment();
			}
		}
		assertThat(registry.find("searches").counters()).hasSize(1001);
		assertThat(registry.find("searches").counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo(150 * 150);
	}

	@Test
	void overflowSeriesKeepsTagsThatHaveOnlyOneValue() {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(100, 32, 10, 256);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(guard);
		for (int i = 0; i < 20; i++) {
			registry.counter("searches", "application", "shop", "term", "t" + i).increment();
		}
		assertThat(registry.find("searches").counters()).hasSize(11);
		assertThat(registry.get("searches").tag("application", "shop").tag("term", "OTHER").counter().count())
			.isEqualTo(10);
	}

	@Test
	void childRegistryThatAddsCommonTagsKeepsEverySeriesOfItsComposite() {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(100, 32, 10, 256);
		SimpleMeterRegistry child = new SimpleMeterRegistry();
		child.config().meterFilter(MeterFilter.commonTags(Tags.of("application", "shop"))).meterFilter(guard);
		CompositeMeterRegistry composite = new CompositeMeterRegistry();
		composite.config().meterFilter(guard);
		composite.add(child);
		guard.bindTo(composite);
		for (int i = 0; i < 20; i++) {
			for (int j = 0; j < 2; j++) {
				composite.counter("searches", "term", "t" + i, "region", "r" + j).increment();
			}
		}
		assertThat(composite.find("searches").counters()).hasSize(11);
		assertThat(child.find("searches").counters()).hasSize(11);
		assertThat(child.find("searches").counters().stream().mapToDouble(Counter::count).sum()).isEqualTo(40);
		assertThat(child.get("searches").tag("application", "shop").tag("term", "OTHER").counter().count())
			.isEqualTo(30);
		assertThat(overflow(composite, "searches", CardinalityGuardMeterFilter.SERIES_OVERFLOW)).isEqualTo(30);
	}

	@Test
	void tagsWithKeysBeyondTheMaximumAreDropped(CapturedOutput output) {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(100, 3, 1000, 256);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(guard);
		guard.bindTo(registry);
		for (int i = 0; i < 10_000; i++) {
			registry.counter("flags", "flag_" + i, "on").increment();
		}
		assertThat(registry.find("flags").counters()).hasSize(4);
		assertThat(registry.find("flags").counters().stream().mapToDouble(Counter::count).sum()).isEqualTo(10_000);
		assertThat(registry.find("flags").counters()).anySatisfy((counter) -> {
			assertThat(counter.getId().getTags()).isEmpty();
			assertThat(counter.count()).isEqualTo(10_000 - 3);
		});
		assertThat(overflow(registry, "flags", CardinalityGuardMeterFilter.KEYS_OVERFLOW)).isEqualTo(10_000 - 3);
		assertThat(output).containsOnlyOnce("Meter 'flags' reached 3 distinct tag keys");
	}

	@Test
	void longValuesAreCutWithAHashThatKeepsThemApart(CapturedOutput output) {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(100);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(guard);
		String prefix = "x".repeat(6000);
		registry.counter("queries", "query", prefix + "a").increment();
		registry.counter("queries", "query", prefix + "b").increment();
		registry.counter("queries", "query", prefix + "a").increment();
		assertThat(registry.find("queries").counters()).hasSize(2)
			.allSatisfy((counter) -> assertThat(counter.getId().getTag("query")).hasSize(256)
				.startsWith("x".repeat(247) + "~")
				.matches(".*~[0-9a-f]{8}"));
		assertThat(registry.find("queries").counters()).extracting(Counter::count).containsExactlyInAnyOrder(2.0, 1.0);
		assertThat(output).containsOnlyOnce("Tag 'query' of meter 'queries' has values longer than 256 characters");
	}

	@Test
	void shortenedValueIsAdmittedUnchangedByASecondRegistry() {
		CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(100);
		SimpleMeterRegistry child = new SimpleMeterRegistry();
		child.config().meterFilter(guard);
		CompositeMeterRegistry composite = new CompositeMeterRegistry();
		composite.config().meterFilter(guard);
		composite.add(child);
		composite.counter("queries", "query", "\uD83D\uDE00".repeat(3000)).increment();
		String value = child.get("queries").counter().getId().getTag("query");
		assertThat(value).isEqualTo(composite.get("queries").counter().getId().getTag("query"));
		assertThat(value.length()).isLessThanOrEqualTo(256);
		assertThat(Character.isHighSurrogate(value.charAt(value.indexOf('~') - 1))).isFalse();
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
