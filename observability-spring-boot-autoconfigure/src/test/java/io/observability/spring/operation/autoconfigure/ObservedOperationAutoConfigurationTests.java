package io.observability.spring.operation.autoconfigure;

import io.micrometer.core.annotation.Counted;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.CountedAspect;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.observability.spring.operation.ObservedOperation;
import io.observability.spring.operation.ObservedOperationAspect;
import io.observability.spring.operation.ObservedOperationSkipPredicate;
import io.observability.spring.operation.OperationHistogramMeterFilter;
import io.observability.spring.operation.OperationLoggingObservationHandler;
import io.observability.spring.operation.OperationTag;
import io.observability.spring.test.PrometheusScrape;
import org.aspectj.weaver.Advice;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAspectsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ObservedOperationAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
class ObservedOperationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservedOperationAutoConfiguration.class,
				ObservedOperationMetricsAspectsAutoConfiguration.class, ObservationAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, MetricsAspectsAutoConfiguration.class,
				AopAutoConfiguration.class));

	@Test
	void runShouldCreateAspectHandlerAndHistogramFilterByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ObservedOperationAspect.class)
				.hasSingleBean(OperationLoggingObservationHandler.class)
				.hasSingleBean(OperationHistogramMeterFilter.class)
				.hasSingleBean(ObservedOperationSkipPredicate.class);
			assertThat(context).doesNotHaveBean(ObservedAspect.class);
		});
	}

	@Test
	void annotatedBeanYieldsTimerWithOutcomeAndHistogram() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(PrometheusMetricsExportAutoConfiguration.class))
			.withUserConfiguration(ServiceConfiguration.class)
			.run((context) -> {
				Extraction extraction = context.getBean(Extraction.class);
				extraction.extract("EMAIL", "doc-1");
				try {
					extraction.extract("EDI", null);
				}
				catch (IllegalArgumentException ex) {
					// Expected: recorded as a failure
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Timer success = registry.get("documents.extract")
					.tags("outcome", "success", "exception", "none", "source", "EMAIL")
					.timer();
				assertThat(success.count()).isEqualTo(1);
				assertThat(success.takeSnapshot().histogramCounts()).isNotEmpty();
				assertThat(registry.get("documents.extract")
					.tags("outcome", "failure", "exception", "IllegalArgumentException", "source", "EDI")
					.timer()
					.count()).isEqualTo(1);
				assertThat(registry.find("documents.extract").tagKeys("document_id").meters()).isEmpty();
				PrometheusScrape scrape = PrometheusScrape
					.parse(context.getBean(PrometheusMeterRegistry.class).scrape("text/plain"));
				assertThat(scrape.samples("documents_extract_seconds_count"))
					.filteredOn((sample) -> sample.hasLabel("outcome", "failure"))
					.singleElement()
					.satisfies((sample) -> assertThat(sample.labels())
						.containsEntry("exception", "IllegalArgumentException")
						.containsEntry("operation", "documents.extract"))
					.satisfies((sample) -> assertThat(sample.value()).isEqualTo(1));
				assertThat(scrape.samples("documents_extract_seconds_bucket")).anySatisfy(
						(sample) -> assertThat(sample.labels()).containsEntry("outcome", "success").containsKey("le"));
			});
	}

	@Test
	void micrometerAnnotationsOnAnOperationDoNotCountTwice() {
		this.contextRunner.withPropertyValues("management.observations.annotations.enabled=true")
			.withUserConfiguration(ServiceConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservedAspect.class)
					.hasSingleBean(TimedAspect.class)
					.hasSingleBean(CountedAspect.class);
				Extraction extraction = context.getBean(Extraction.class);
				extraction.extract("EMAIL", "doc-1");
				extraction.legacy();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("documents.extract").timer().count()).isEqualTo(1);
				assertThat(registry.find("legacy.observed").meters()).isEmpty();
				assertThat(registry.find("legacy.timed").meters()).isEmpty();
				assertThat(registry.find("legacy.counted").meters()).isEmpty();
				assertThat(registry.get("documents.legacy").timer().count()).isEqualTo(1);
				extraction.timedOnly();
				assertThat(registry.get("timed.only").timer().count()).isEqualTo(1);
			});
	}

	@Test
	void runWhenDisabledLeavesMicrometerAspectsToSpringBoot() {
		this.contextRunner
			.withPropertyValues("observability.operations.enabled=false",
					"management.observations.annotations.enabled=true")
			.withUserConfiguration(ServiceConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ObservedOperationSkipPredicate.class)
					.hasSingleBean(TimedAspect.class);
				context.getBean(Extraction.class).legacy();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("legacy.timed").timer().count()).isEqualTo(1);
				assertThat(registry.get("legacy.counted").counter().count()).isEqualTo(1);
				assertThat(registry.find("documents.legacy").meters()).isEmpty();
			});
	}

	@Test
	void runWithUserTimedAspectShouldBackOff() {
		this.contextRunner.withPropertyValues("management.observations.annotations.enabled=true")
			.withUserConfiguration(UserTimedAspectConfiguration.class)
			.run((context) -> assertThat(context).getBean(TimedAspect.class)
				.isSameAs(context.getBean(UserTimedAspectConfiguration.class).aspect));
	}

	@Test
	void runWhenDisabledShouldNotCreateAspect() {
		this.contextRunner.withPropertyValues("observability.operations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservedOperationAspect.class)
				.doesNotHaveBean(OperationLoggingObservationHandler.class));
	}

	@Test
	void runWhenStarterIsDisabledShouldNotCreateAspect() {
		this.contextRunner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservedOperationAspect.class));
	}

	@Test
	void runWithUserAspectShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserAspectConfiguration.class)
			.run((context) -> assertThat(context).getBean(ObservedOperationAspect.class)
				.isSameAs(context.getBean(UserAspectConfiguration.class).aspect));
	}

	@Test
	void runWithoutAspectJShouldNotCreateAspect() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Advice.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ObservedOperationAspect.class));
	}

	@Test
	void nonPositiveSlowThresholdFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.operations.slow-threshold=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.operations.slow-threshold"));
	}

	@Test
	void malformedSlowThresholdFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.operations.slow-threshold=soon")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'observability.operations.slow-threshold'"));
	}

	@Test
	void slowThresholdIsBound() {
		this.contextRunner.withPropertyValues("observability.operations.slow-threshold=250ms")
			.run((context) -> assertThat(context.getBean(OperationsProperties.class).getSlowThreshold())
				.hasMillis(250));
	}

	/**
	 * An annotated domain service.
	 */
	public interface Extraction {

		String extract(String source, String documentId);

		void legacy();

		void timedOnly();

	}

	static class ExtractionService implements Extraction {

		@Override
		@ObservedOperation("documents.extract")
		public String extract(@OperationTag("source") String source,
				@OperationTag(key = "document_id", cardinality = OperationTag.Cardinality.HIGH) String documentId) {
			if (documentId == null) {
				throw new IllegalArgumentException("no document");
			}
			return documentId;
		}

		@Override
		@ObservedOperation("documents.legacy")
		@Observed(name = "legacy.observed")
		@Timed("legacy.timed")
		@Counted("legacy.counted")
		public void legacy() {
		}

		@Override
		@Timed("timed.only")
		public void timedOnly() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		ExtractionService extraction() {
			return new ExtractionService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTimedAspectConfiguration {

		final TimedAspect aspect = new TimedAspect();

		@Bean
		TimedAspect userTimedAspect() {
			return this.aspect;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserAspectConfiguration {

		final ObservedOperationAspect aspect = new ObservedOperationAspect(ObservationRegistry.NOOP);

		@Bean
		ObservedOperationAspect userAspect() {
			return this.aspect;
		}

	}

}
