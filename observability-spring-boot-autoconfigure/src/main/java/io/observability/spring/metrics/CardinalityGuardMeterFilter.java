package io.observability.spring.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link MeterFilter} that bounds the number of distinct values of every tag of every
 * meter: once a tag of a meter has had the maximum number of distinct values, further
 * values are replaced by {@value #OVERFLOW_TAG_VALUE}, so that nothing recorded is lost
 * and totals stay exact while the number of series stays bounded.
 * <p>
 * A registry maps a meter's ID with all of its filters before any of them accepts or
 * denies it, so a filter that denies a meter beyond a number of distinct values of a tag
 * counts {@value #OVERFLOW_TAG_VALUE} as one more value: it must leave room for it, or
 * what it denies is lost.
 * <p>
 * Each replaced value is counted in the counter {@value #OVERFLOW_METER_NAME}, tagged
 * with the {@code meter} name and the {@code tag} key, once the filter is
 * {@link #bindTo(MeterRegistry) bound} to a registry; the first replacement for a meter
 * and tag is logged at {@code WARN}.
 * <p>
 * One instance can be added to several registries, for example to a composite and to its
 * children: values it has already admitted pass unchanged.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class CardinalityGuardMeterFilter implements MeterFilter, MeterBinder {

	/**
	 * Name of the counter of replaced tag values.
	 */
	public static final String OVERFLOW_METER_NAME = "observability.metrics.tag.overflow";

	/**
	 * Tag value that replaces values beyond the maximum.
	 */
	public static final String OVERFLOW_TAG_VALUE = "OTHER";

	private static final Log logger = LogFactory.getLog(CardinalityGuardMeterFilter.class);

	private final int maxTagValues;

	private final Map<String, Map<String, TagValues>> meters = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry overflowRegistry;

	/**
	 * Create a filter.
	 * @param maxTagValues the maximum number of distinct values of one tag of one meter
	 */
	public CardinalityGuardMeterFilter(int maxTagValues) {
		Assert.isTrue(maxTagValues > 0, "'maxTagValues' must be positive");
		this.maxTagValues = maxTagValues;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		String name = id.getName();
		if (OVERFLOW_METER_NAME.equals(name)) {
			return id;
		}
		List<Tag> tags = null;
		Map<String, TagValues> meter = null;
		int index = 0;
		for (Tag tag : id.getTagsAsIterable()) {
			if (meter == null) {
				meter = this.meters.computeIfAbsent(name, (key) -> new ConcurrentHashMap<>());
			}
			TagValues values = meter.computeIfAbsent(tag.getKey(), (key) -> new TagValues(name, key));
			if (!values.admit(tag.getValue())) {
				if (tags == null) {
					tags = new ArrayList<>(id.getTags());
				}
				tags.set(index, Tag.of(tag.getKey(), OVERFLOW_TAG_VALUE));
				values.overflow();
			}
			index++;
		}
		return (tags != null) ? id.replaceTags(tags) : id;
	}

	/**
	 * Register the overflow counters in the given registry, the one the application
	 * reads, such as Spring Boot's composite.
	 * @param registry the registry to count overflows in
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		this.overflowRegistry = registry;
		this.meters.values().forEach((meter) -> meter.values().forEach(TagValues::register));
	}

	/**
	 * The values seen for one tag of one meter.
	 */
	private final class TagValues {

		private final String meterName;

		private final String key;

		private final Set<String> values = ConcurrentHashMap.newKeySet();

		private final AtomicLong overflows = new AtomicLong();

		private final AtomicBoolean warned = new AtomicBoolean();

		private final AtomicBoolean registered = new AtomicBoolean();

		TagValues(String meterName, String key) {
			this.meterName = meterName;
			this.key = key;
		}

		boolean admit(String value) {
			if (this.values.contains(value) || OVERFLOW_TAG_VALUE.equals(value)) {
				return true;
			}
			synchronized (this) {
				if (this.values.size() >= CardinalityGuardMeterFilter.this.maxTagValues) {
					return this.values.contains(value);
				}
				this.values.add(value);
				return true;
			}
		}

		void overflow() {
			this.overflows.incrementAndGet();
			if (this.warned.compareAndSet(false, true)) {
				logger.warn("Tag '" + this.key + "' of meter '" + this.meterName + "' reached "
						+ CardinalityGuardMeterFilter.this.maxTagValues
						+ " distinct values; further values are recorded as '" + OVERFLOW_TAG_VALUE
						+ "' and counted in '" + OVERFLOW_METER_NAME
						+ "'. Raise observability.metrics.max-tag-values or use a high-cardinality tag instead.");
			}
			register();
		}

		void register() {
			MeterRegistry registry = CardinalityGuardMeterFilter.this.overflowRegistry;
			if (registry != null && this.overflows.get() > 0 && this.registered.compareAndSet(false, true)) {
				FunctionCounter.builder(OVERFLOW_METER_NAME, this.overflows, AtomicLong::doubleValue)
					.description("Tag values replaced by " + OVERFLOW_TAG_VALUE + " to bound the number of series")
					.tag("meter", this.meterName)
					.tag("tag", this.key)
					.register(registry);
			}
		}

	}

}
