package io.observability.spring.operation;

import java.util.function.Predicate;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

/**
 * {@link MeterFilter} that makes the timers of {@link ObservedOperation operations}
 * publish a percentile histogram, unless they opt out with
 * {@link ObservedOperation#histogram()} or the application configures the histogram of
 * that timer itself.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class OperationHistogramMeterFilter implements MeterFilter {

	private static final DistributionStatisticConfig HISTOGRAM = DistributionStatisticConfig.builder()
		.percentilesHistogram(true)
		.build();

	private final Predicate<String> histogramOperations;

	/**
	 * Create a filter.
	 * @param histogramOperations whether the operation of a given name asked for a
	 * histogram, for example {@link ObservedOperationAspect#isHistogramPublished(String)}
	 */
	public OperationHistogramMeterFilter(Predicate<String> histogramOperations) {
		this.histogramOperations = histogramOperations;
	}

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		if (id.getType() == Meter.Type.TIMER && this.histogramOperations.test(id.getName())) {
			return config.merge(HISTOGRAM);
		}
		return config;
	}

}
