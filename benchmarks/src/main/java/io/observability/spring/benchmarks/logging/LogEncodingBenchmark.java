package io.observability.spring.benchmarks.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.pattern.DynamicConverter;
import io.observability.spring.logging.JsonLogFormatter;
import net.logstash.logback.argument.StructuredArguments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.event.KeyValuePair;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Cost of encoding one log event, the same events for every encoder: the starter's JSON
 * ({@link JsonLogFormatter}, with and without masking) against Logback's pattern layout
 * with Spring Boot's console pattern and Spring Boot's built-in {@code logstash}
 * structured format. All structured encoders run inside Spring Boot's
 * {@link StructuredLogEncoder}, as they do in an application. {@code jacksonFloor} writes
 * the fields and values of the starter's line with Jackson's generator alone: the floor
 * for any encoder built on logstash-logback-encoder, which writes through Jackson.
 *
 * @author Observability Spring Boot contributors
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogEncodingBenchmark {

	private static final String CONSOLE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p 4242 --- [checkout] "
			+ "[%15.15t] [%X{traceId:-}-%X{spanId:-}] %-40.40logger{39} : %m%n%wEx";

	private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
	};

	/**
	 * Kind of event: a message with arguments, the same with SLF4J key-value pairs, or
	 * with a cause chain.
	 */
	@Param({ "message", "keyValues", "exception" })
	public String event;

	private ILoggingEvent loggingEvent;

	private Encoder<ILoggingEvent> patternLayout;

	private Encoder<ILoggingEvent> bootLogstash;

	private Encoder<ILoggingEvent> observabilityJson;

	private Encoder<ILoggingEvent> observabilityJsonWithoutMasking;

	private String[] floorNames;

	private String[] floorValues;

	private final ByteArrayOutputStream floorBuffer = new ByteArrayOutputStream(1024);

	private final JsonGenerator floorGenerator = JsonFactory.builder()
		.rootValueSeparator((String) null)
		.build()
		.createGenerator(ObjectWriteContext.empty(), this.floorBuffer);

	@Setup
	public void setUp() {
		LoggerContext context = new LoggerContext();
		// Spring Boot's exception conversion word, which its logging system registers
		Map<String, Supplier<DynamicConverter<?>>> conversionRules = new HashMap<>();
		conversionRules.put("wEx", ExtendedWhitespaceThrowableProxyConverter::new);
		context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, conversionRules);
		this.loggingEvent = createEvent(context.getLogger("io.observability.sample.inbound.InboundMessageService"));
		PatternLayoutEncoder pattern = new PatternLayoutEncoder();
		pattern.setContext(context);
		pattern.setPattern(CONSOLE_PATTERN);
		pattern.start();
		this.patternLayout = pattern;
		this.bootLogstash = structured(context, "logstash", Map.of());
		this.observabilityJson = structured(context, JsonLogFormatter.class.getName(), Map.of());
		this.observabilityJsonWithoutMasking = structured(context, JsonLogFormatter.class.getName(),
				Map.of("observability.logging.mask.enabled", "false"));
		String plain = new String(patternLayout(), StandardCharsets.UTF_8);
		if (plain.contains("PARSER_ERROR") || (this.loggingEvent.getThrowableProxy() != null
				&& !plain.contains("Caused by: java.io.IOException: Disk full"))) {
			throw new IllegalStateException("Pattern layout did not write the whole event: " + plain);
		}
		Map<String, String> fields = starterFields();
		this.floorNames = fields.keySet().toArray(String[]::new);
		this.floorValues = fields.values().toArray(String[]::new);
	}

	// The fields of the starter's line, in order; all of them are strings for these
	// events
	private Map<String, String> starterFields() {
		Map<String, Object> fields = JsonMapper.shared().readValue(observabilityJson(), FIELDS);
		Map<String, String> strings = new LinkedHashMap<>();
		fields.forEach((name, value) -> strings.put(name, (String) value));
		return strings;
	}

	private ILoggingEvent createEvent(Logger logger) {
		Object[] arguments = { "EMAIL", "0195f3a2-7c1e-7d4b-9a61-3f0c2b8e5d17",
				StructuredArguments.kv("customer", "ACME") };
		Throwable throwable = "exception".equals(this.event)
				? new IllegalStateException("Extraction failed", new UncheckedIOException(new IOException("Disk full")))
				: null;
		LoggingEvent loggingEvent = new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
				"Received {} message {} from {}", throwable, arguments);
		if ("keyValues".equals(this.event)) {
			loggingEvent.addKeyValuePair(new KeyValuePair("document_id", "doc-20261122-0042"));
			loggingEvent.addKeyValuePair(new KeyValuePair("channel", "EMAIL"));
			loggingEvent.addKeyValuePair(new KeyValuePair("outcome", "matched"));
			loggingEvent.addKeyValuePair(new KeyValuePair("erp_order", "SO-778812"));
		}
		loggingEvent.setThreadName("http-nio-8080-exec-1");
		loggingEvent.setMDCPropertyMap(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "spanId",
				"00f067aa0ba902b7", "request_id", "0195f3a2-7c1e-7d4b-9a61-3f0c2b8e5d17"));
		loggingEvent.getFormattedMessage();
		return loggingEvent;
	}

	private Encoder<ILoggingEvent> structured(LoggerContext context, String format, Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("benchmark", properties));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("spring.application.name", "checkout")));
		LoggerContext structuredContext = new LoggerContext();
		structuredContext.putObject(Environment.class.getName(), environment);
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(structuredContext);
		encoder.setFormat(format);
		encoder.start();
		return encoder;
	}

	@Benchmark
	public byte[] patternLayout() {
		return this.patternLayout.encode(this.loggingEvent);
	}

	@Benchmark
	public byte[] springBootLogstash() {
		return this.bootLogstash.encode(this.loggingEvent);
	}

	@Benchmark
	public byte[] observabilityJson() {
		return this.observabilityJson.encode(this.loggingEvent);
	}

	@Benchmark
	public byte[] observabilityJsonWithoutMasking() {
		return this.observabilityJsonWithoutMasking.encode(this.loggingEvent);
	}

	@Benchmark
	public byte[] jacksonFloor() {
		this.floorBuffer.reset();
		JsonGenerator generator = this.floorGenerator;
		generator.writeStartObject();
		for (int i = 0; i < this.floorNames.length; i++) {
			generator.writeStringProperty(this.floorNames[i], this.floorValues[i]);
		}
		generator.writeEndObject();
		generator.flush();
		this.floorBuffer.write('\n');
		return this.floorBuffer.toByteArray();
	}

}
