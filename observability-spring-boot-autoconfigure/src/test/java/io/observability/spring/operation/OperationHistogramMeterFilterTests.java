package io.observability.spring.operation;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OperationHistogramMeterFilter}.
 *
 * @author Observability Spring Boot contributors
 */
class OperationHistogramMeterFilterTests {

	private static final DistributionStatisticConfig UNSET = DistributionStatisticConfig.builder().build();

	private final OperationHistogramMeterFilter filter = new OperationHistogramMeterFilter("documents.extract"::equals);

	@Test
	void timerOfAnOperationPublishesAHistogram() {
		assertThat(configure("documents.extract", Meter.Type.TIMER, UNSET).isPercentileHistogram()).isTrue();
	}

	@Test
	void otherTimersAreLeftAlone() {
		assertThat(configure("documents.other", Meter.Type.TIMER, UNSET).isPercentileHistogram()).isNull();
	}

	@Test
	void longTaskTimerOfAnOperationIsLeftAlone() {
		assertThat(configure("documents.extract", Meter.Type.LONG_TASK_TIMER, UNSET).isPercentileHistogram()).isNull();
	}

	@Test
	void explicitConfigurationWins() {
		DistributionStatisticConfig disabled = DistributionStatisticConfig.builder()
			.percentilesHistogram(false)
			.build();
		assertThat(configure("documents.extract", Meter.Type.TIMER, disabled).isPercentileHistogram()).isFalse();
	}

	private DistributionStatisticConfig configure(String name, Meter.Type type, DistributionStatisticConfig config) {
		DistributionStatisticConfig configured = this.filter
			.configure(new Meter.Id(name, Tags.empty(), null, null, type), config);
		assertThat(configured).isNotNull();
		return configured;
	}

}
