package io.observability.spring.benchmarks.operation;

import java.util.concurrent.TimeUnit;

import io.micrometer.common.annotation.ValueExpressionResolver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.observability.spring.benchmarks.operation.BenchmarkServices.Document;
import io.observability.spring.benchmarks.operation.BenchmarkServices.EmptyAround;
import io.observability.spring.benchmarks.operation.BenchmarkServices.EmptyAroundAspect;
import io.observability.spring.benchmarks.operation.BenchmarkServices.MeterTagService;
import io.observability.spring.benchmarks.operation.BenchmarkServices.ObservedKeyValueService;
import io.observability.spring.benchmarks.operation.BenchmarkServices.ObservedService;
import io.observability.spring.benchmarks.operation.BenchmarkServices.Plain;
import io.observability.spring.benchmarks.operation.BenchmarkServices.TimedService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cost of one call of a trivial method under each kind of annotation-driven
 * instrumentation, in real Spring Boot contexts with Boot's meter and tracing observation
 * handlers (Prometheus registry, OpenTelemetry tracer sampling every call, no exporter).
 * <p>
 * Micrometer's aspects are measured as Spring Boot defines them, in a context without the
 * starter ({@code observability.enabled=false}); the {@code observedWithStarterExtras…}
 * benchmarks call the same {@code @Observed} beans in a context with the starter, that is
 * with every extra ({@code operation}, {@code outcome} and {@code exception} tags,
 * histogram, MDC, WARN check, interface advisor). Both contexts leave out the long-task
 * timer ({@code management.metrics.observations.ignored-meters=long-task-timer}, a
 * starter default), so that the difference is the extras alone.
 *
 * @author Observability Spring Boot contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class OperationBenchmark {

	private static final String[] COMMON_PROPERTIES = { "spring.main.banner-mode=off", "logging.level.root=warn",
			"management.tracing.sampling.probability=1.0", "management.observations.annotations.enabled=true",
			"management.metrics.observations.ignored-meters=long-task-timer", "spring.application.name=benchmark",
			// The benchmarks module carries JDBC and Redis for other benchmarks; none is
			// needed here
			"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
					+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" };

	private final Document document = new Document("doc-4711", "EMAIL");

	private ConfigurableApplicationContext boot;

	private ConfigurableApplicationContext starter;

	private Plain plain;

	private EmptyAround emptyAround;

	private TimedService timed;

	private MeterTagService meterTag;

	private ObservedService observed;

	private ObservedKeyValueService observedKeyValue;

	private ObservedService observedWithExtras;

	private ObservedKeyValueService observedKeyValueWithExtras;

	private ObservationRegistry observationRegistry;

	private ValueExpressionResolver bootResolver;

	@Setup
	public void start() {
		this.boot = run("observability.enabled=false");
		this.starter = run("observability.enabled=true");
		this.plain = new Plain();
		this.emptyAround = this.boot.getBean(EmptyAround.class);
		this.timed = this.boot.getBean(TimedService.class);
		this.meterTag = this.boot.getBean(MeterTagService.class);
		this.observed = this.boot.getBean(ObservedService.class);
		this.observedKeyValue = this.boot.getBean(ObservedKeyValueService.class);
		this.observedWithExtras = this.starter.getBean(ObservedService.class);
		this.observedKeyValueWithExtras = this.starter.getBean(ObservedKeyValueService.class);
		this.observationRegistry = this.starter.getBean(ObservationRegistry.class);
		this.bootResolver = this.boot.getBean(ValueExpressionResolver.class);
	}

	static ConfigurableApplicationContext run(String enabled) {
		return new SpringApplicationBuilder(BenchmarkConfiguration.class).web(WebApplicationType.NONE)
			.properties(COMMON_PROPERTIES)
			.properties(enabled)
			.run();
	}

	@TearDown
	public void stop() {
		this.starter.close();
		this.boot.close();
	}

	@Benchmark
	public int bareCall() {
		return this.plain.handle(this.document);
	}

	@Benchmark
	public int emptyAroundProxy() {
		return this.emptyAround.handle(this.document);
	}

	@Benchmark
	public int timedAspect() {
		return this.timed.handle(this.document);
	}

	@Benchmark
	public int timedAspectWithMeterTagExpression() {
		return this.meterTag.handle(this.document);
	}

	@Benchmark
	public int observedAspectWithMeterAndTracingHandlers() {
		return this.observed.handle(this.document);
	}

	@Benchmark
	public int observedAspectWithKeyValueExpression() {
		return this.observedKeyValue.handle(this.document);
	}

	@Benchmark
	public int handWrittenObservationWithMeterAndTracingHandlers() {
		return Observation.createNotStarted("bench.hand", this.observationRegistry)
			.observe(() -> this.plain.handle(this.document));
	}

	@Benchmark
	public int observedWithStarterExtras() {
		return this.observedWithExtras.handle(this.document);
	}

	@Benchmark
	public int observedWithStarterExtrasAndKeyValueExpression() {
		return this.observedKeyValueWithExtras.handle(this.document);
	}

	@Benchmark
	public String expressionBootSpelResolver() {
		return this.bootResolver.resolve("source", this.document);
	}

	/**
	 * The benchmarked beans, in an application with Spring Boot's auto-configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BenchmarkConfiguration {

		@Bean
		EmptyAroundAspect emptyAroundAspect() {
			return new EmptyAroundAspect();
		}

		@Bean
		EmptyAround emptyAround() {
			return new EmptyAround();
		}

		@Bean
		TimedService timedService() {
			return new TimedService();
		}

		@Bean
		MeterTagService meterTagService() {
			return new MeterTagService();
		}

		@Bean
		ObservedService observedService() {
			return new ObservedService();
		}

		@Bean
		ObservedKeyValueService observedKeyValueService() {
			return new ObservedKeyValueService();
		}

	}

}
