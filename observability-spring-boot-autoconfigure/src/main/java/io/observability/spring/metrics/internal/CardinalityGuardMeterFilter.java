package io.observability.spring.metrics.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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
 * {@link MeterFilter} that bounds the series of every meter: the distinct tag keys of a
 * meter name, the distinct values of each tag, the length of a value and the distinct
 * combinations of values (series) of a meter. Nothing recorded is lost: totals stay exact
 * while the number of series stays bounded.
 * <ul>
 * <li>Once a meter name has had the maximum number of distinct tag keys, tags with
 * further keys are dropped.</li>
 * <li>A value longer than the maximum length is cut and ends with {@code ~} and eight hex
 * digits of its SHA-256 hash, so that two long values stay two values.</li>
 * <li>A tag of a meter has at most the maximum number of distinct values,
 * {@value #OVERFLOW_TAG_VALUE} included: once it has had one fewer, further values are
 * replaced by {@value #OVERFLOW_TAG_VALUE}.</li>
 * <li>Once a meter has the maximum number of series, further series are folded into one
 * overflow series: every value {@value #OVERFLOW_TAG_VALUE}, except tags that have only
 * ever had one value, such as common tags, so that totals per application stay
 * exact.</li>
 * </ul>
 * <p>
 * A registry maps a meter's ID with all of its filters before any of them accepts or
 * denies it, so a filter that denies a meter beyond a number of distinct values of a tag
 * counts {@value #OVERFLOW_TAG_VALUE} as one more value: it must leave room for it, or
 * what it denies is lost. Counting {@value #OVERFLOW_TAG_VALUE} among the maximum leaves
 * that room under a filter with the same maximum, such as Spring Boot's cap on the
 * {@code uri} values of its HTTP meters (100 by default, as here). For the same reason,
 * meters that another filter denies still count here.
 * <p>
 * Replaced values are counted in the counter {@value #OVERFLOW_METER_NAME}, tagged with
 * the {@code meter} name and the {@code tag} key; folded series under the tag
 * {@value #SERIES_OVERFLOW} and dropped keys under {@value #KEYS_OVERFLOW} (neither can
 * be a Prometheus label name). Counters exist once the filter is
 * {@link #bindTo(MeterRegistry) bound} to a registry; the first overflow of each kind for
 * a meter (and tag) is logged at {@code WARN}.
 * <p>
 * One instance can be added to several registries, for example to a composite and to its
 * children: what it has already admitted or folded passes unchanged. Series are counted
 * per set of tag keys, so a child registry that adds common tags keeps every series its
 * composite admitted. Prometheus accepts only one set of tag keys per meter name.
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

	/**
	 * Value of the {@code tag} tag of the overflow counter for series folded into the
	 * overflow series.
	 */
	public static final String SERIES_OVERFLOW = "(series)";

	/**
	 * Value of the {@code tag} tag of the overflow counter for tags dropped beyond the
	 * maximum number of tag keys.
	 */
	public static final String KEYS_OVERFLOW = "(keys)";

	/**
	 * Default maximum number of distinct tag keys of one meter name.
	 */
	public static final int DEFAULT_MAX_TAG_KEYS = 32;

	/**
	 * Default maximum number of series of one meter.
	 */
	public static final int DEFAULT_MAX_SERIES_PER_METER = 1000;

	/**
	 * Default maximum length of a tag value.
	 */
	public static final int DEFAULT_MAX_TAG_VALUE_LENGTH = 256;

	/**
	 * Smallest maximum length of a tag value: room for a prefix and the hash suffix.
	 */
	public static final int MIN_TAG_VALUE_LENGTH = 16;

	private static final int HASH_SUFFIX_LENGTH = 9;

	private static final Log logger = LogFactory.getLog(CardinalityGuardMeterFilter.class);

	private final int maxTagValues;

	private final int maxTagKeys;

	private final int maxSeries;

	private final int maxTagValueLength;

	private final Map<String, MeterState> meters = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry overflowRegistry;

	/**
	 * Create a filter with the default limits on keys, series and value length.
	 * @param maxTagValues the maximum number of distinct values of one tag of one meter,
	 * {@value #OVERFLOW_TAG_VALUE} included
	 */
	public CardinalityGuardMeterFilter(int maxTagValues) {
		this(maxTagValues, DEFAULT_MAX_TAG_KEYS, DEFAULT_MAX_SERIES_PER_METER, DEFAULT_MAX_TAG_VALUE_LENGTH);
	}

	/**
	 * Create a filter.
	 * @param maxTagValues the maximum number of distinct values of one tag of one meter,
	 * {@value #OVERFLOW_TAG_VALUE} included
	 * @param maxTagKeys the maximum number of distinct tag keys of one meter name
	 * @param maxSeries the maximum number of series of one meter, the overflow series
	 * excluded
	 * @param maxTagValueLength the maximum length of a tag value
	 */
	public CardinalityGuardMeterFilter(int maxTagValues, int maxTagKeys, int maxSeries, int maxTagValueLength) {
		Assert.isTrue(maxTagValues > 0, "'maxTagValues' must be positive");
		Assert.isTrue(maxTagKeys > 0, "'maxTagKeys' must be positive");
		Assert.isTrue(maxSeries > 0, "'maxSeries' must be positive");
		Assert.isTrue(maxTagValueLength >= MIN_TAG_VALUE_LENGTH,
				() -> "'maxTagValueLength' must be at least " + MIN_TAG_VALUE_LENGTH);
		this.maxTagValues = maxTagValues;
		this.maxTagKeys = maxTagKeys;
		this.maxSeries = maxSeries;
		this.maxTagValueLength = maxTagValueLength;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		String name = id.getName();
		List<Tag> original = id.getTags();
		if (original.isEmpty() || OVERFLOW_METER_NAME.equals(name)) {
			return id;
		}
		MeterState meter = this.meters.computeIfAbsent(name, MeterState::new);
		List<Tag> tags = new ArrayList<>(original.size());
		for (Tag tag : original) {
			if (!meter.admitKey(tag.getKey())) {
				meter.keysOverflow.overflow(() -> "Meter '" + name + "' reached " + this.maxTagKeys
						+ " distinct tag keys; tags with further keys are dropped and counted in '"
						+ OVERFLOW_METER_NAME + "'. Raise observability.metrics.max-tag-keys or use fixed tag keys.");
				continue;
			}
			TagValues values = meter.values(tag.getKey());
			String value = tag.getValue();
			if (value.length() > this.maxTagValueLength) {
				value = shorten(value);
				values.warnTooLong();
			}
			if (!values.admit(value)) {
				value = OVERFLOW_TAG_VALUE;
				values.overflow.overflow(() -> "Tag '" + values.key + "' of meter '" + name + "' reached "
						+ this.maxTagValues + " distinct values; further values are recorded as '" + OVERFLOW_TAG_VALUE
						+ "' and counted in '" + OVERFLOW_METER_NAME
						+ "'. Raise observability.metrics.max-tag-values or use a high-cardinality tag instead.");
			}
			tags.add(value.equals(tag.getValue()) ? tag : Tag.of(tag.getKey(), value));
		}
		List<Tag> folded = meter.series(tags).admit(tags) ? tags : meter.fold(tags);
		// The overflow series itself, such as a composite's seen again by its child,
		// passes
		if (!folded.equals(tags)) {
			tags = folded;
			meter.seriesOverflow.overflow(() -> "Meter '" + name + "' reached " + this.maxSeries
					+ " series; further series are recorded in one series with tags '" + OVERFLOW_TAG_VALUE
					+ "' and counted in '" + OVERFLOW_METER_NAME
					+ "'. Raise observability.metrics.max-series-per-meter or use high-cardinality tags instead.");
		}
		return tags.equals(original) ? id : id.replaceTags(tags);
	}

	private String shorten(String value) {
		int end = this.maxTagValueLength - HASH_SUFFIX_LENGTH;
		if (Character.isHighSurrogate(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(0, end) + "~" + hash(value);
	}

	private static String hash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 4);
		}
		catch (NoSuchAlgorithmException ex) {
			// Every Java platform has SHA-256
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Register the overflow counters in the given registry, the one the application
	 * reads, such as Spring Boot's composite.
	 * @param registry the registry to count overflows in
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		this.overflowRegistry = registry;
		this.meters.values().forEach(MeterState::register);
	}

	/**
	 * What the filter has seen of one meter name.
	 */
	private final class MeterState {

		private final String name;

		private final Map<String, TagValues> tags = new ConcurrentHashMap<>();

		private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

		private final Overflow keysOverflow;

		private final Overflow seriesOverflow;

		MeterState(String name) {
			this.name = name;
			this.keysOverflow = new Overflow(name, KEYS_OVERFLOW);
			this.seriesOverflow = new Overflow(name, SERIES_OVERFLOW);
		}

		boolean admitKey(String key) {
			if (this.tags.containsKey(key)) {
				return true;
			}
			synchronized (this) {
				if (this.tags.size() >= CardinalityGuardMeterFilter.this.maxTagKeys) {
					return this.tags.containsKey(key);
				}
				this.tags.computeIfAbsent(key, (k) -> new TagValues(this.name, k));
				return true;
			}
		}

		TagValues values(String key) {
			TagValues values = this.tags.get(key);
			Assert.state(values != null, "Key not admitted");
			return values;
		}

		Series series(List<Tag> tags) {
			List<String> keys = tags.stream().map(Tag::getKey).toList();
			return this.series.computeIfAbsent(keys, (k) -> new Series());
		}

		List<Tag> fold(List<Tag> tags) {
			return tags.stream()
				.map((tag) -> isConstant(tag) ? tag : Tag.of(tag.getKey(), OVERFLOW_TAG_VALUE))
				.toList();
		}

		boolean isConstant(Tag tag) {
			TagValues values = this.tags.get(tag.getKey());
			return values != null && values.isOnly(tag.getValue());
		}

		void register() {
			this.keysOverflow.register();
			this.seriesOverflow.register();
			this.tags.values().forEach((values) -> values.overflow.register());
		}

	}

	/**
	 * The series of one meter with one set of tag keys.
	 */
	private final class Series {

		private final Set<List<Tag>> admitted = ConcurrentHashMap.newKeySet();

		boolean admit(List<Tag> tags) {
			if (this.admitted.contains(tags)) {
				return true;
			}
			synchronized (this) {
				if (this.admitted.size() >= CardinalityGuardMeterFilter.this.maxSeries) {
					return this.admitted.contains(tags);
				}
				this.admitted.add(List.copyOf(tags));
				return true;
			}
		}

	}

	/**
	 * The values seen for one tag of one meter.
	 */
	private final class TagValues {

		private final String meterName;

		private final String key;

		private final Set<String> values = ConcurrentHashMap.newKeySet();

		private final Overflow overflow;

		private final AtomicBoolean warnedTooLong = new AtomicBoolean();

		TagValues(String meterName, String key) {
			this.meterName = meterName;
			this.key = key;
			this.overflow = new Overflow(meterName, key);
		}

		boolean admit(String value) {
			if (this.values.contains(value) || OVERFLOW_TAG_VALUE.equals(value)) {
				return true;
			}
			synchronized (this) {
				// OTHER is one of the maximum
				if (this.values.size() >= CardinalityGuardMeterFilter.this.maxTagValues - 1) {
					return this.values.contains(value);
				}
				this.values.add(value);
				return true;
			}
		}

		boolean isOnly(String value) {
			return this.values.size() == 1 && this.values.contains(value);
		}

		void warnTooLong() {
			if (this.warnedTooLong.compareAndSet(false, true)) {
				logger.warn("Tag '" + this.key + "' of meter '" + this.meterName + "' has values longer than "
						+ CardinalityGuardMeterFilter.this.maxTagValueLength
						+ " characters; they are cut and end with a hash of the whole value."
						+ " Raise observability.metrics.max-tag-value-length or use a high-cardinality tag instead.");
			}
		}

	}

	/**
	 * The overflows of one kind for one meter, counted once the filter is bound.
	 */
	private final class Overflow {

		private final String meterName;

		private final String tag;

		private final AtomicLong count = new AtomicLong();

		private final AtomicBoolean warned = new AtomicBoolean();

		private final AtomicBoolean registered = new AtomicBoolean();

		Overflow(String meterName, String tag) {
			this.meterName = meterName;
			this.tag = tag;
		}

		void overflow(Supplier<String> message) {
			this.count.incrementAndGet();
			if (this.warned.compareAndSet(false, true)) {
				logger.warn(message.get());
			}
			register();
		}

		void register() {
			MeterRegistry registry = CardinalityGuardMeterFilter.this.overflowRegistry;
			if (registry != null && this.count.get() > 0 && this.registered.compareAndSet(false, true)) {
				FunctionCounter.builder(OVERFLOW_METER_NAME, this.count, AtomicLong::doubleValue)
					.description("Tag values replaced by " + OVERFLOW_TAG_VALUE + " to bound the number of series")
					.tag("meter", this.meterName)
					.tag("tag", this.tag)
					.register(registry);
			}
		}

	}

}
