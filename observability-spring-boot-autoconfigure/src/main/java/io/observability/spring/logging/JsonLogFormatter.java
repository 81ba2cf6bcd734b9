package io.observability.spring.logging;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.ContextBase;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * {@link StructuredLogFormatter} that writes each Logback event as one line of JSON with
 * logstash-logback-encoder: {@code @timestamp} (ISO-8601, UTC), {@code level},
 * {@code logger_name}, {@code thread_name}, {@code message}, every MDC entry (Micrometer
 * Tracing's {@code traceId} and {@code spanId} renamed {@code trace_id} and
 * {@code span_id}), {@code service}, structured arguments, key-value pairs and markers as
 * typed fields, and {@code stack_trace} shortened with the root cause first. Configured
 * field names and value patterns are masked everywhere.
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

	private final LogstashEncoder encoder;

	/**
	 * Create a formatter configured from the {@code observability.logging.*} properties
	 * and {@code spring.application.name} of the given environment.
	 * @param environment the environment
	 */
	public JsonLogFormatter(Environment environment) {
		this(ObservabilityLoggingProperties.get(environment), environment.getProperty("spring.application.name"),
				loggerContext());
	}

	/**
	 * Create a formatter.
	 * @param properties the logging properties
	 * @param service the value of the {@code service} field, or {@code null} to leave the
	 * field out
	 * @param context the Logback context that receives the encoder's status messages
	 */
	public JsonLogFormatter(ObservabilityLoggingProperties properties, @Nullable String service, Context context) {
		LogstashEncoder encoder = new LogstashEncoder();
		encoder.setContext(context);
		encoder.setTimeZone("UTC");
		LogstashFieldNames fieldNames = encoder.getFieldNames();
		fieldNames.setVersion(IGNORE);
		fieldNames.setLevelValue(IGNORE);
		encoder.setIncludeContext(false);
		encoder.setIncludeTags(false);
		encoder.addProvider(new ApplicationTagsJsonProvider());
		encoder.addMdcKeyFieldName("traceId=trace_id");
		encoder.addMdcKeyFieldName("spanId=span_id");
		if (StringUtils.hasText(service)) {
			encoder.addProvider(new ServiceJsonProvider(service));
		}
		encoder.setThrowableConverter(throwableConverter(properties.getStackTrace(), context));
		ObservabilityLoggingProperties.Mask mask = properties.getMask();
		if (mask.isEnabled()) {
			encoder.addDecorator(masking(mask));
		}
		// Outermost, so that the values it writes directly still pass through masking
		encoder.addDecorator(new SimpleValuesJsonGeneratorDecorator());
		encoder.start();
		this.encoder = encoder;
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

	private static MaskingJsonGeneratorDecorator masking(ObservabilityLoggingProperties.Mask mask) {
		MaskingJsonGeneratorDecorator decorator = new MaskingJsonGeneratorDecorator();
		decorator.addFieldMasker(new FieldNameMasker(mask.getFields(), mask.getReplacement()));
		decorator.addValueMasker(new KeyValueTextMasker(mask.getFields(), mask.getReplacement()));
		for (String value : mask.getValues()) {
			decorator.addValueMasker(new PatternValueMasker(Pattern.compile(value), mask.getReplacement()));
		}
		decorator.start();
		return decorator;
	}

	private static Context loggerContext() {
		ILoggerFactory loggerFactory = LoggerFactory.getILoggerFactory();
		return (loggerFactory instanceof Context context) ? context : new ContextBase();
	}

	@Override
	public String format(ILoggingEvent event) {
		return new String(this.encoder.encode(event), StandardCharsets.UTF_8);
	}

	@Override
	public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
		byte[] json = this.encoder.encode(event);
		return StandardCharsets.UTF_8.equals(charset) ? json
				: new String(json, StandardCharsets.UTF_8).getBytes(charset);
	}

}
