package io.observability.spring.benchmarks.web;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.micrometer.core.instrument.Clock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.observability.spring.logging.JsonLogFormatter;
import io.observability.spring.web.internal.AccessLogObservationHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Cost of the access-log line of one request: a server request observation with Spring's
 * default convention, the trace IDs put into the MDC while its scope is open (as
 * Micrometer Tracing's MDC listener does) and the request ID in the MDC, with and without
 * the starter's {@link AccessLogObservationHandler}. The line goes through the starter's
 * JSON format inside Spring Boot's {@link StructuredLogEncoder} and a synchronous
 * {@link OutputStreamAppender}, as a console appender would, into a stream that discards
 * it. The difference of the two is what the line costs; measure allocation with
 * {@code -prof gc}.
 *
 * @author Observability Spring Boot contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AccessLogBenchmark {

	private static final DefaultServerRequestObservationConvention CONVENTION = new DefaultServerRequestObservationConvention();

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/orders/42");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final ObservationRegistry withoutAccessLog = ObservationRegistry.create();

	private final ObservationRegistry withAccessLog = ObservationRegistry.create();

	private OutputStreamAppender<ILoggingEvent> appender;

	@Setup
	public void setUp() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.reset();
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("spring.application.name", "checkout")));
		context.putObject(Environment.class.getName(), environment);
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat(JsonLogFormatter.class.getName());
		encoder.start();
		this.appender = new OutputStreamAppender<>();
		this.appender.setContext(context);
		this.appender.setEncoder(encoder);
		ByteArrayOutputStream firstLine = new ByteArrayOutputStream();
		this.appender.setOutputStream(firstLine);
		this.appender.start();
		context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
		Logger accessLogger = context.getLogger(AccessLogObservationHandler.ACCESS_LOGGER_NAME);
		accessLogger.setLevel(Level.INFO);
		accessLogger.setAdditive(false);
		accessLogger.addAppender(this.appender);
		this.withoutAccessLog.observationConfig().observationHandler(new TraceIdsInMdc());
		this.withAccessLog.observationConfig()
			.observationHandler(new TraceIdsInMdc())
			.observationHandler(
					new AccessLogObservationHandler(Clock.SYSTEM, Duration.ofSeconds(10), (request) -> false));
		this.response.setStatus(200);
		MDC.put("request_id", "0195f3a2-7c1e-7d4b-9a61-3f0c2b8e5d17");
		observationWithAccessLog();
		String line = firstLine.toString(StandardCharsets.UTF_8);
		if (!line.contains("\"uri\":\"/api/orders/{id}\"") || !line.contains("\"trace_id\":\"4bf92f35")
				|| !line.contains("\"request_id\":\"0195f3a2")) {
			throw new IllegalStateException("Unexpected access-log line: " + line);
		}
		this.appender.setOutputStream(OutputStream.nullOutputStream());
	}

	@TearDown
	public void tearDown() {
		MDC.clear();
		this.appender.stop();
	}

	@Benchmark
	public ServerRequestObservationContext observationWithoutAccessLog() {
		return observe(this.withoutAccessLog);
	}

	@Benchmark
	public ServerRequestObservationContext observationWithAccessLog() {
		return observe(this.withAccessLog);
	}

	private ServerRequestObservationContext observe(ObservationRegistry registry) {
		ServerRequestObservationContext context = new ServerRequestObservationContext(this.request, this.response);
		Observation observation = Observation.createNotStarted(CONVENTION, () -> context, registry).start();
		Observation.Scope scope = observation.openScope();
		context.setPathPattern("/api/orders/{id}");
		scope.close();
		observation.stop();
		return context;
	}

	/**
	 * Puts trace and span IDs into the MDC while a scope is open, as Micrometer Tracing's
	 * {@code Slf4JEventListener} does.
	 */
	private static final class TraceIdsInMdc implements ObservationHandler<Observation.Context> {

		@Override
		public void onScopeOpened(Observation.Context context) {
			MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
			MDC.put("spanId", "00f067aa0ba902b7");
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			MDC.remove("traceId");
			MDC.remove("spanId");
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
