package io.observability.spring.operation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

/**
 * Shapes the timers of {@code @Observed} calls, recognised by the {@code class},
 * {@code method} and {@code error} tags that Micrometer's aspect and meter handler give
 * them: adds {@code operation} (see {@link Operations#name}), {@code outcome}
 * ({@code success} when {@code error} is {@code none}, {@code failure} otherwise) and
 * {@code exception} (the value of {@code error}, which it replaces), and a percentile
 * histogram unless the application configures one for the timer. A tag the application
 * already sets is kept. Other meters, Spring Boot's included, are left alone.
 * <p>
 * Micrometer maps a meter's ID once, when the meter is first looked up, so these tags
 * cost nothing per call; as observation key values they would be sorted on every read and
 * copied to every span.
 *
 * @author Observability Spring Boot contributors
 */
final class OperationMeterFilter implements MeterFilter {

	private static final String ERROR = "error";

	private static final Tag SUCCESS = Tag.of(Operations.OUTCOME, "success");

	private static final Tag FAILURE = Tag.of(Operations.OUTCOME, "failure");

	private static final DistributionStatisticConfig HISTOGRAM = DistributionStatisticConfig.builder()
		.percentilesHistogram(true)
		.build();

	@Override
	public Meter.Id map(Meter.Id id) {
		String error = id.getTag(ERROR);
		String className = id.getTag(Operations.CLASS);
		String method = id.getTag(Operations.METHOD);
		if (id.getType() != Meter.Type.TIMER || error == null || className == null || method == null) {
			return id;
		}
		List<Tag> tags = new ArrayList<>(id.getTags().size() + 2);
		for (Tag tag : id.getTagsAsIterable()) {
			if (!ERROR.equals(tag.getKey())) {
				tags.add(tag);
			}
		}
		addIfAbsent(tags, id, Tag.of(Operations.OPERATION, Operations.name(id.getName(), className, method)));
		addIfAbsent(tags, id, KeyValue.NONE_VALUE.equals(error) ? SUCCESS : FAILURE);
		addIfAbsent(tags, id, Tag.of(Operations.EXCEPTION, error));
		return id.replaceTags(tags);
	}

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		return isOperationTimer(id) ? config.merge(HISTOGRAM) : config;
	}

	private static void addIfAbsent(List<Tag> tags, Meter.Id id, Tag tag) {
		if (id.getTag(tag.getKey()) == null) {
			tags.add(tag);
		}
	}

	private static boolean isOperationTimer(Meter.Id id) {
		return id.getType() == Meter.Type.TIMER && id.getTag(Operations.OPERATION) != null
				&& id.getTag(Operations.OUTCOME) != null;
	}

}
