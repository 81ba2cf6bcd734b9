package io.observability.spring.operation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

/**
 * Shapes the timers of {@code @Observed} calls, recognised by the {@code operation} and
 * {@code outcome} tags {@link OperationKeyValuesFilter} adds: a percentile histogram
 * unless the application configures one for the timer, and no {@code error} tag, which
 * Micrometer's meter handler adds and which repeats {@code exception}. Other meters,
 * Spring Boot's included, are left alone.
 *
 * @author Observability Spring Boot contributors
 */
final class OperationMeterFilter implements MeterFilter {

	private static final String ERROR = "error";

	private static final DistributionStatisticConfig HISTOGRAM = DistributionStatisticConfig.builder()
		.percentilesHistogram(true)
		.build();

	@Override
	public Meter.Id map(Meter.Id id) {
		if (!isOperationTimer(id) || id.getTag(ERROR) == null) {
			return id;
		}
		List<Tag> tags = new ArrayList<>(id.getTags().size() - 1);
		for (Tag tag : id.getTagsAsIterable()) {
			if (!ERROR.equals(tag.getKey())) {
				tags.add(tag);
			}
		}
		return id.replaceTags(tags);
	}

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		return isOperationTimer(id) ? config.merge(HISTOGRAM) : config;
	}

	private static boolean isOperationTimer(Meter.Id id) {
		return id.getType() == Meter.Type.TIMER && id.getTag(Operations.OPERATION) != null
				&& id.getTag(Operations.OUTCOME) != null;
	}

}
