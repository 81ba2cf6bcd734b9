package io.observability.spring.logging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.ContextBase;
import io.observability.spring.logging.internal.LoggedValueReplacements;
import io.observability.spring.masking.MaskingProperties;
import io.observability.spring.masking.internal.MaskingPolicy;
import net.logstash.logback.argument.StructuredArgument;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.composite.JsonProvider;
import net.logstash.logback.composite.loggingevent.ArgumentsJsonProvider;
import net.logstash.logback.composite.loggingevent.KeyValuePairsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogstashMarkersJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.marker.LogstashMarker;
import net.logstash.logback.marker.Markers;
import net.logstash.logback.marker.SingleFieldAppendingMarker;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@link StructuredLogFormatter} that writes each Logback event as one line of JSON with
 * logstash-logback-encoder: {@code @timestamp} (ISO-8601, UTC), {@code level},
 * {@code logger_name}, {@code thread_name}, {@code message}, every MDC entry (Micrometer
 * Tracing's {@code traceId} and {@code spanId} renamed {@code trace_id} and
 * {@code span_id}), {@code service}, structured arguments, key-value pairs and markers as
 * typed fields, and {@code stack_trace} shortened with the root cause first. Secrets are
 * masked everywhere by the starter's masking policy ({@code observability.masking.*}).
 * <p>
 * Every line is one JSON object with unique top-level keys. When sources share a name,
 * the first one in this order wins and the others are left out of the line: the line's
 * own fields ({@code @timestamp}, {@code message}, {@code logger_name},
 * {@code thread_name}, {@code level}, {@code stack_trace}), then event key-values, then
 * structured arguments and markers, then MDC entries ({@code trace_id}, {@code span_id},
 * {@code request_id} included), then the starter's fields ({@code service}).
 * <p>
 * No event is lost: a key-value, structured argument, marker or throwable the encoder
 * cannot write (a cycle, a throwing getter, a type Jackson cannot serialize) is replaced
 * in that line by a masked stand-in, its type and truncated {@code toString()}, and
 * counted in {@code observability.logging.values.replaced}; the formatter never throws,
 * so Logback never reports the event in a status message.
 * <p>
 * Spring Boot instantiates it from {@code logging.structured.format.console} (or
 * {@code logging.structured.format.file}), which the starter sets when the application
 * has no logging configuration of its own.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 * @see ObservabilityLoggingProperties
 */
public class JsonLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

	private static final String IGNORE = "[ignore]";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final LogstashEncoder encoder;

	private final SimpleValuesJsonGeneratorDecorator generatorDecorator = new SimpleValuesJsonGeneratorDecorator();

	private final MaskingPolicy policy;

	/**
	 * Create a formatter configured from the {@code observability.logging.*} and
	 * {@code observability.masking.*} properties and {@code spring.application.name} of
	 * the given environment.
	 * @param environment the environment
	 */
	public JsonLogFormatter(Environment environment) {
		this(ObservabilityLoggingProperties.get(environment), MaskingPolicy.of(MaskingProperties.get(environment)),
				environment.getProperty("spring.application.name"), loggerContext());
	}

	/**
	 * Create a formatter.
	 * @param properties the logging properties
	 * @param policy the masking policy
	 * @param service the value of the {@code service} field, or {@code null} to leave the
	 * field out
	 * @param context the Logback context that receives the encoder's status messages
	 */
	JsonLogFormatter(ObservabilityLoggingProperties properties, MaskingPolicy policy, @Nullable String service,
			Context context) {
		this.policy = policy;
		LogstashEncoder encoder = new LogstashEncoder();
		encoder.setContext(context);
		encoder.setTimeZone("UTC");
		LogstashFieldNames fieldNames = encoder.getFieldNames();
		fieldNames.setVersion(IGNORE);
		fieldNames.setLevelValue(IGNORE);
		encoder.setIncludeContext(false);
		encoder.setIncludeTags(false);
		// Providers in the order of precedence of their names: the first one written wins
		encoder.addProvider(new KeyValuePairsJsonProvider());
		moveToEnd(encoder, LogstashMarkersJsonProvider.class, new LogstashMarkersJsonProvider());
		encoder.addProvider(new ArgumentsJsonProvider());
		MdcJsonProvider mdc = new MdcJsonProvider();
		mdc.addMdcKeyFieldName("traceId=trace_id");
		mdc.addMdcKeyFieldName("spanId=span_id");
		encoder.addProvider(mdc);
		encoder.addProvider(new ApplicationTagsJsonProvider());
		if (StringUtils.hasText(service)) {
			encoder.addProvider(new ServiceJsonProvider(service));
		}
		encoder.setThrowableConverter(throwableConverter(properties.getStackTrace(), context));
		if (properties.getMask().isEnabled() && policy.isEnabled()) {
			encoder.addDecorator(masking(policy));
		}
		// Outermost, so that the values it writes directly still pass through masking
		encoder.addDecorator(this.generatorDecorator);
		encoder.start();
		this.encoder = encoder;
	}

	private static void moveToEnd(LogstashEncoder encoder, Class<?> type, JsonProvider<ILoggingEvent> replacement) {
		for (JsonProvider<ILoggingEvent> provider : List.copyOf(encoder.getProviders().getProviders())) {
			if (type.isInstance(provider)) {
				encoder.getProviders().removeProvider(provider);
			}
		}
		encoder.addProvider(replacement);
	}

	private static ShortenedThrowableConverter throwableConverter(ObservabilityLoggingProperties.StackTrace stackTrace,
			Context context) {
		ShortenedThrowableConverter converter = new ShortenedThrowableConverter();
		converter.setContext(context);
		converter.setMaxDepthPerThrowable(stackTrace.getMaxDepthPerThrowable());
		converter.setMaxLength(stackTrace.getMaxLength());
		converter.setRootCauseFirst(stackTrace.isRootCauseFirst());
		stackTrace.getExclusions().forEach(converter::addExclude);
		return converter;
	}

	private static MaskingJsonGeneratorDecorator masking(MaskingPolicy policy) {
		MaskingJsonGeneratorDecorator decorator = new MaskingJsonGeneratorDecorator();
		decorator.addFieldMasker(new FieldNameMasker(policy));
		decorator.addValueMasker(new KeyValueTextMasker(policy));
		decorator.start();
		return decorator;
	}

	private static Context loggerContext() {
		ILoggerFactory loggerFactory = LoggerFactory.getILoggerFactory();
		return (loggerFactory instanceof Context context) ? context : new ContextBase();
	}

	@Override
	public String format(ILoggingEvent event) {
		return new String(encode(event), StandardCharsets.UTF_8);
	}

	@Override
	public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
		byte[] json = encode(event);
		return StandardCharsets.UTF_8.equals(charset) ? json
				: new String(json, StandardCharsets.UTF_8).getBytes(charset);
	}

	private byte[] encode(ILoggingEvent event) {
		byte[] json = tryEncode(event);
		if (json == null) {
			json = encodeReplacingUnwritable(event);
		}
		return this.generatorDecorator.takeDuplicate() ? withUniqueNames(json) : json;
	}

	private byte @Nullable [] tryEncode(ILoggingEvent event) {
		try {
			byte[] json = this.encoder.encode(event);
			return (json.length > 0) ? json : null;
		}
		catch (RuntimeException | StackOverflowError ex) {
			return null;
		}
	}

	// The slow path of an event that failed: each value is tried alone, and those that
	// fail again are replaced
	private byte[] encodeReplacingUnwritable(ILoggingEvent event) {
		try {
			List<KeyValuePair> keyValuePairs = replaceUnwritableKeyValues(event);
			Object[] arguments = replaceUnwritableArguments(event);
			List<Marker> markers = replaceUnwritableMarkers(event);
			IThrowableProxy throwable = event.getThrowableProxy();
			if (throwable != null && !isWritable(new ReplacedValuesLoggingEvent(event, null, null, null, throwable))) {
				LoggedValueReplacements.increment();
				keyValuePairs = (keyValuePairs != null) ? new ArrayList<>(keyValuePairs) : new ArrayList<>();
				keyValuePairs.add(new KeyValuePair("exception", this.policy.standIn(throwable.getClassName())));
				throwable = null;
			}
			byte[] json = tryEncode(
					new ReplacedValuesLoggingEvent(event, keyValuePairs, arguments, markers, throwable));
			return (json != null) ? json : minimalLine(event);
		}
		catch (RuntimeException | StackOverflowError ex) {
			return minimalLine(event);
		}
	}

	private @Nullable List<KeyValuePair> replaceUnwritableKeyValues(ILoggingEvent event) {
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs == null || pairs.isEmpty()) {
			return pairs;
		}
		List<KeyValuePair> replaced = new ArrayList<>(pairs.size());
		for (KeyValuePair pair : pairs) {
			if (isWritable(new ReplacedValuesLoggingEvent(event, List.of(pair), null, null, null))) {
				replaced.add(pair);
			}
			else {
				LoggedValueReplacements.increment();
				replaced.add(new KeyValuePair(pair.key, this.policy.standIn(pair.value)));
			}
		}
		return replaced;
	}

	private Object @Nullable [] replaceUnwritableArguments(ILoggingEvent event) {
		Object[] arguments = event.getArgumentArray();
		if (arguments == null || arguments.length == 0) {
			return arguments;
		}
		Object[] replaced = arguments.clone();
		for (int i = 0; i < replaced.length; i++) {
			if (replaced[i] instanceof StructuredArgument argument && !isWritable(
					new ReplacedValuesLoggingEvent(event, null, new Object[] { argument }, null, null))) {
				LoggedValueReplacements.increment();
				replaced[i] = StructuredArguments.keyValue(fieldName(argument), standInOf(argument));
			}
		}
		return replaced;
	}

	private @Nullable List<Marker> replaceUnwritableMarkers(ILoggingEvent event) {
		List<Marker> markers = event.getMarkerList();
		if (markers == null || markers.isEmpty()) {
			return markers;
		}
		List<Marker> replaced = new ArrayList<>(markers.size());
		for (Marker marker : markers) {
			if (!(marker instanceof LogstashMarker)
					|| isWritable(new ReplacedValuesLoggingEvent(event, null, null, List.of(marker), null))) {
				replaced.add(marker);
			}
			else {
				LoggedValueReplacements.increment();
				replaced.add(Markers.append(fieldName(marker), standInOf(marker)));
			}
		}
		return replaced;
	}

	private static String fieldName(Object argument) {
		return (argument instanceof SingleFieldAppendingMarker field) ? field.getFieldName() : "unwritable_argument";
	}

	private String standInOf(Object argument) {
		if (argument instanceof SingleFieldAppendingMarker field) {
			try {
				return this.policy.standIn(field.toStringSelf());
			}
			catch (RuntimeException | StackOverflowError ex) {
				// Falls back to the type of the argument
			}
		}
		return this.policy.standIn(argument.getClass().getName());
	}

	private boolean isWritable(ILoggingEvent probe) {
		boolean writable = tryEncode(probe) != null;
		this.generatorDecorator.takeDuplicate();
		return writable;
	}

	// The last resort, written without the encoder: the line's own fields and the masked
	// message
	private byte[] minimalLine(ILoggingEvent event) {
		LoggedValueReplacements.increment();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("@timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
			generator.writeStringProperty("level", String.valueOf(event.getLevel()));
			generator.writeStringProperty("logger_name", event.getLoggerName());
			generator.writeStringProperty("thread_name", event.getThreadName());
			generator.writeStringProperty("message", this.policy.mask(safeMessage(event)));
			generator.writeStringProperty("log_encoding", "replaced");
			generator.writeEndObject();
		}
		out.write('\n');
		return out.toByteArray();
	}

	private static String safeMessage(ILoggingEvent event) {
		try {
			return String.valueOf(event.getFormattedMessage());
		}
		catch (RuntimeException | StackOverflowError ex) {
			return String.valueOf(event.getMessage());
		}
	}

	// Rewrites a line that repeats a top-level name, keeping the first value of each name
	static byte[] withUniqueNames(byte[] json) {
		int end = json.length;
		while (end > 0 && json[end - 1] != '}') {
			end--;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
		try (JsonParser parser = mapper.createParser(json, 0, end);
				JsonGenerator generator = mapper.createGenerator(out)) {
			Set<String> names = new HashSet<>();
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return json;
			}
			generator.writeStartObject();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if (names.add(name)) {
					generator.writeName(name);
					generator.copyCurrentStructure(parser);
				}
				else {
					parser.skipChildren();
				}
			}
			generator.writeEndObject();
		}
		catch (RuntimeException ex) {
			return json;
		}
		out.write(json, end, json.length - end);
		return out.toByteArray();
	}

}
