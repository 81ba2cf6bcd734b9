package io.observability.spring.web.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AccessLogObservationHandler}.
 *
 * @author Observability Spring Boot contributors
 */
class AccessLogObservationHandlerTests {

	private final Logger accessLogger = ((LoggerContext) LoggerFactory.getILoggerFactory())
		.getLogger(AccessLogObservationHandler.ACCESS_LOGGER_NAME);

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private @Nullable Level previousLevel;

	@BeforeEach
	void setUp() {
		// As the starter's tests share the logging system, whatever level a test left
		this.previousLevel = this.accessLogger.getLevel();
		this.accessLogger.setLevel(Level.INFO);
		this.lines.start();
		this.accessLogger.addAppender(this.lines);
		this.registry.observationConfig()
			.observationHandler(new TraceIdsInMdc())
			.observationHandler(
					new AccessLogObservationHandler(Clock.SYSTEM, Duration.ofSeconds(10), (request) -> false));
	}

	@AfterEach
	void tearDown() {
		this.accessLogger.detachAppender(this.lines);
		this.accessLogger.setLevel(this.previousLevel);
		MDC.clear();
	}

	@Test
	void lineHasTheScopesIdsAndTheThreadsOtherEntriesAndTheThreadsMdcIsRestoredAfterIt() {
		MDC.put("request_id", "r-1");
		MDC.put("tenant", "outer");
		ServerRequestObservationContext context = observe((observation) -> MDC.put("tenant", "inner"));
		assertThat(this.lines.list).singleElement().satisfies((line) -> {
			assertThat(line.getMDCPropertyMap()).containsEntry("request_id", "r-1")
				.containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736")
				.containsEntry("spanId", "00f067aa0ba902b7")
				.containsEntry("tenant", "inner");
			assertThat(line.getFormattedMessage()).matches("GET /orders/\\{id} 201 in \\d+\\.\\d+ ms");
			assertThat(line.getArgumentArray()).isNull();
		});
		assertThat(context.getLowCardinalityKeyValue("uri").getValue()).isEqualTo("/orders/{id}");
		assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request_id", "r-1", "tenant", "inner"));
	}

	@Test
	void lineOnAnotherThreadHasTheScopesIdsAndThatThreadsOtherEntries() throws InterruptedException {
		MDC.put("request_id", "r-2");
		ServerRequestObservationContext context = new ServerRequestObservationContext(request(), response());
		Observation observation = Observation
			.createNotStarted(new DefaultServerRequestObservationConvention(), () -> context, this.registry)
			.start();
		observation.openScope().close();
		context.setPathPattern("/orders/{id}");
		AtomicReference<Map<String, String>> mdcAfter = new AtomicReference<>();
		Thread completion = new Thread(() -> {
			MDC.put("request_id", "other");
			MDC.put("leftover", "x");
			observation.stop();
			mdcAfter.set(MDC.getCopyOfContextMap());
		});
		completion.start();
		completion.join();
		assertThat(mdcAfter.get()).isEqualTo(Map.of("request_id", "other", "leftover", "x"));
		assertThat(this.lines.list).singleElement()
			.satisfies((line) -> assertThat(line.getMDCPropertyMap()).isEqualTo(Map.of("request_id", "r-2", "traceId",
					"4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7", "leftover", "x")));
	}

	@Test
	void lineOnTheScopeThreadAfterItLeftTheRequestHasTheScopesIds() {
		MDC.put("request_id", "r-3");
		ServerRequestObservationContext context = new ServerRequestObservationContext(request(), response());
		Observation observation = Observation
			.createNotStarted(new DefaultServerRequestObservationConvention(), () -> context, this.registry)
			.start();
		observation.openScope().close();
		context.setPathPattern("/orders/{id}");
		// An asynchronous request completes while this thread serves another one
		MDC.clear();
		MDC.put("request_id", "r-4");
		MDC.put("leftover", "x");
		observation.stop();
		assertThat(this.lines.list).singleElement()
			.satisfies((line) -> assertThat(line.getMDCPropertyMap()).isEqualTo(Map.of("request_id", "r-3", "traceId",
					"4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7", "leftover", "x")));
		assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("request_id", "r-4", "leftover", "x"));
	}

	@Test
	void serverErrorIsLoggedAtWarnAsAFailedRequest() {
		request(this.registry, 500, null);
		assertThat(this.lines.list).singleElement().satisfies((line) -> {
			assertThat(line.getLevel()).isEqualTo(Level.WARN);
			assertThat(line.getFormattedMessage()).matches("Failed request GET /orders/\\{id} 500 in \\d+\\.\\d+ ms");
		});
	}

	@Test
	void errorRecordedOnASuccessStatusIsAFailedRequest() {
		request(this.registry, 200, new IllegalStateException("response already committed"));
		assertThat(this.lines.list).singleElement().satisfies((line) -> {
			assertThat(line.getLevel()).isEqualTo(Level.WARN);
			assertThat(line.getFormattedMessage()).startsWith("Failed request GET /orders/{id} 200 in ");
		});
	}

	@Test
	void clientErrorIsLoggedAtInfoEvenWithAnError() {
		request(this.registry, 404, new IllegalArgumentException("no such order"));
		assertThat(this.lines.list).singleElement().satisfies((line) -> {
			assertThat(line.getLevel()).isEqualTo(Level.INFO);
			assertThat(line.getFormattedMessage()).startsWith("GET /orders/{id} 404 in ");
		});
	}

	@Test
	void slowRequestIsLoggedAtWarn() {
		MockClock clock = new MockClock();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new AccessLogObservationHandler(clock, Duration.ofMillis(250), (request) -> false));
		Observation observation = start(registry, 200);
		clock.add(Duration.ofMillis(251));
		observation.stop();
		assertThat(this.lines.list).singleElement().satisfies((line) -> {
			assertThat(line.getLevel()).isEqualTo(Level.WARN);
			assertThat(line.getFormattedMessage()).isEqualTo("Slow request GET /orders/{id} 200 in 251.0 ms");
		});
	}

	@Test
	void withInfoOffOnlyFailedRequestsAreLoggedAndOnlyTheyAreMatchedAgainstTheExclusions() {
		this.accessLogger.setLevel(Level.WARN);
		AtomicInteger exclusionChecks = new AtomicInteger();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new AccessLogObservationHandler(Clock.SYSTEM, Duration.ofSeconds(10), (request) -> {
				exclusionChecks.incrementAndGet();
				return false;
			}));
		request(registry, 200, null);
		request(registry, 404, null);
		assertThat(this.lines.list).isEmpty();
		assertThat(exclusionChecks).hasValue(0);
		request(registry, 503, null);
		assertThat(this.lines.list).singleElement()
			.satisfies(
					(line) -> assertThat(line.getFormattedMessage()).startsWith("Failed request GET /orders/{id} 503"));
		assertThat(exclusionChecks).hasValue(1);
	}

	private static void request(ObservationRegistry registry, int status, @Nullable Throwable error) {
		Observation observation = start(registry, status);
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

	private static Observation start(ObservationRegistry registry, int status) {
		MockHttpServletResponse response = response();
		response.setStatus(status);
		ServerRequestObservationContext context = new ServerRequestObservationContext(request(), response);
		context.setPathPattern("/orders/{id}");
		Observation observation = Observation
			.createNotStarted(new DefaultServerRequestObservationConvention(), () -> context, registry)
			.start();
		observation.openScope().close();
		return observation;
	}

	private ServerRequestObservationContext observe(Consumer<Observation> inScope) {
		ServerRequestObservationContext context = new ServerRequestObservationContext(request(), response());
		Observation observation = Observation
			.createNotStarted(new DefaultServerRequestObservationConvention(), () -> context, this.registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			inScope.accept(observation);
			context.setPathPattern("/orders/{id}");
		}
		observation.stop();
		return context;
	}

	private static MockHttpServletRequest request() {
		return new MockHttpServletRequest("GET", "/orders/42");
	}

	private static MockHttpServletResponse response() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(201);
		return response;
	}

	/**
	 * Puts trace and span IDs into the MDC while a scope is open, as Micrometer Tracing's
	 * MDC listener does.
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
