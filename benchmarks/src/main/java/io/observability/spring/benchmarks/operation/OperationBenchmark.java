package io.observability.spring.benchmarks.operation;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.annotation.ValueExpressionResolver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.observability.spring.benchmarks.operation.BenchmarkServices.Document;
import io.observability.spring.benchmarks.operation.BenchmarkServices.EmptyAround;
import io.observability.spring.benchmarks.operation.BenchmarkServices.EmptyAroundAspect;
import io.observability.spring.benchmarks.operation.BenchmarkServices.MeterTagService;
import io.observability.spring.benchmarks.operation.BenchmarkServices.ObservedService;
import io.observability.spring.benchmarks.operation.BenchmarkServices.OperationService;
import io.observability.spring.benchmarks.operation.BenchmarkServices.OperationTagService;
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
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelMessage;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * Cost of one call of a trivial method under each kind of annotation-driven
 * instrumentation, in real Spring Boot contexts with Boot's meter and tracing observation
 * handlers (Prometheus registry, OpenTelemetry tracer sampling every call, no exporter).
 * <p>
 * Micrometer's aspects are measured as Spring Boot defines them, in a context without the
 * starter ({@code observability.enabled=false}); the operation benchmarks run the same
 * {@code @Observed} method in a context with the starter, that is with every extra
 * (outcome tags, histogram, MDC, WARN check).
 *
 * @author Observability Spring Boot contributors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class OperationBenchmark {

	private static final String[] COMMON_PROPERTIES = { "spring.main.banner-mode=off", "logging.level.root=warn",
			"management.tracing.sampling.probability=1.0", "management.observations.annotations.enabled=true",
			"spring.application.name=benchmark" };

	private final Document document = new Document("doc-4711", "EMAIL");

	private ConfigurableApplicationContext boot;

	private ConfigurableApplicationContext starter;

	private Plain plain;

	private EmptyAround emptyAround;

	private TimedService timed;

	private MeterTagService meterTag;

	private ObservedService observed;

	private OperationService operation;

	private OperationTagService operationTag;

	private ObservationRegistry observationRegistry;

	private ValueExpressionResolver bootResolver;

	private Expression compiledExpression;

	/**
	 * Configured as the operation aspect configures its own.
	 */
	private final EvaluationContext evaluationContext = evaluationContext();

	@Setup
	public void start() {
		this.boot = run("observability.enabled=false");
		this.starter = run("observability.enabled=true");
		this.plain = new Plain();
		this.emptyAround = this.boot.getBean(EmptyAround.class);
		this.timed = this.boot.getBean(TimedService.class);
		this.meterTag = this.boot.getBean(MeterTagService.class);
		this.observed = this.boot.getBean(ObservedService.class);
		this.operation = this.starter.getBean(OperationService.class);
		this.operationTag = this.starter.getBean(OperationTagService.class);
		this.observationRegistry = this.starter.getBean(ObservationRegistry.class);
		this.bootResolver = this.boot.getBean(ValueExpressionResolver.class);
		this.compiledExpression = new SpelExpressionParser(
				new SpelParserConfiguration(SpelCompilerMode.MIXED, getClass().getClassLoader()))
			.parseExpression("source");
	}

	private static ConfigurableApplicationContext run(String enabled) {
		return new SpringApplicationBuilder(BenchmarkConfiguration.class).web(WebApplicationType.NONE)
			.properties(COMMON_PROPERTIES)
			.properties(enabled)
			.run();
	}

	private static EvaluationContext evaluationContext() {
		StandardEvaluationContext context = new StandardEvaluationContext();
		context.setTypeLocator((typeName) -> {
			throw new SpelEvaluationException(SpelMessage.TYPE_NOT_FOUND, typeName);
		});
		context.setConstructorResolvers(List.of());
		return context;
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
	public int handWrittenObservationWithMeterAndTracingHandlers() {
		return Observation.createNotStarted("bench.hand", this.observationRegistry)
			.observe(() -> this.plain.handle(this.document));
	}

	@Benchmark
	public int observedOperationWithMeterAndTracingHandlers() {
		return this.operation.handle(this.document);
	}

	@Benchmark
	public int observedOperationWithExpressionTag() {
		return this.operationTag.handle(this.document);
	}

	@Benchmark
	public String expressionBootSpelResolver() {
		return this.bootResolver.resolve("source", this.document);
	}

	@Benchmark
	public Object expressionCompiledSpel() {
		return this.compiledExpression.getValue(this.evaluationContext, this.document);
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
		OperationService operationService() {
			return new OperationService();
		}

		@Bean
		OperationTagService operationTagService() {
			return new OperationTagService();
		}

	}

}
