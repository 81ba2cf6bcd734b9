package io.observability.spring.operation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.aop.CountedAspect;
import io.micrometer.core.aop.CountedMeterTagAnnotationHandler;
import io.micrometer.core.aop.MeterTagAnnotationHandler;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.Cardinality;
import io.micrometer.observation.aop.ObservationKeyValueAnnotationHandler;
import io.micrometer.observation.aop.ObservedAspect;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.observability.spring.test.PrometheusScrape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAspectsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OperationsAutoConfiguration}: Micrometer's {@code @Observed} with
 * Spring Boot's {@link ObservedAspect} and the starter's extras.
 *
 * @author Observability Spring Boot contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OperationsAutoConfiguration.class,
				ObservationKeyValuesAutoConfiguration.class, MeterTagsAutoConfiguration.class,
				ObservationAutoConfiguration.class, MetricsAspectsAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				PrometheusMetricsExportAutoConfiguration.class, AopAutoConfiguration.class))
		.withPropertyValues("management.observations.annotations.enabled=true")
		.withUserConfiguration(ServiceConfiguration.class);

	private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

	@BeforeEach
	void captureWarnings() {
		this.warnings.start();
		operationLogger().addAppender(this.warnings);
	}

	@AfterEach
	void stopCapturingWarnings() {
		operationLogger().detachAppender(this.warnings);
		MDC.clear();
	}

	@Test
	void runShouldAddExtrasToSpringBootsObservedAspect() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ObservedAspect.class)
			.hasSingleBean(OperationLoggingHandler.class)
			.hasSingleBean(CompletionErrorFilter.class)
			.hasSingleBean(OperationMeterFilter.class)
			.hasSingleBean(InterfaceObservedAdvisor.class));
	}

	@Test
	void runShouldGiveSpringBootsObservedAspectTheCachingKeyValueHandler() {
		this.contextRunner.run((context) -> assertThat(context).getBean(ObservationKeyValueAnnotationHandler.class)
			.isInstanceOf(CachingObservationKeyValueAnnotationHandler.class));
	}

	@Test
	void runShouldGiveSpringBootsTimedAndCountedAspectsTheCachingMeterTagHandlers() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TimedAspect.class).hasSingleBean(CountedAspect.class);
			assertThat(context).getBean(MeterTagAnnotationHandler.class)
				.isInstanceOf(CachingMeterTagAnnotationHandlers.Timed.class);
			assertThat(context).getBean(CountedMeterTagAnnotationHandler.class)
				.isInstanceOf(CachingMeterTagAnnotationHandlers.Counted.class);
		});
	}

	@Test
	void runWithApplicationMeterTagHandlerShouldBackOff() {
		this.contextRunner
			.withBean("applicationHandler", MeterTagAnnotationHandler.class,
					() -> new MeterTagAnnotationHandler((type) -> null, (type) -> null))
			.run((context) -> {
				assertThat(context).getBean(MeterTagAnnotationHandler.class)
					.isSameAs(context.getBean("applicationHandler"));
				assertThat(context).getBean(CountedMeterTagAnnotationHandler.class)
					.isInstanceOf(CachingMeterTagAnnotationHandlers.Counted.class);
			});
	}

	@Test
	void runWithApplicationKeyValueHandlerShouldBackOff() {
		this.contextRunner
			.withBean("applicationHandler", ObservationKeyValueAnnotationHandler.class,
					() -> new ObservationKeyValueAnnotationHandler((type) -> null, (type) -> null))
			.run((context) -> assertThat(context).getBean(ObservationKeyValueAnnotationHandler.class)
				.isSameAs(context.getBean("applicationHandler")));
	}

	@Test
	void runWhenDisabledShouldLeaveSpringBootsAnnotationHandlers() {
		this.contextRunner.withPropertyValues("observability.operations.enabled=false").run((context) -> {
			assertThat(context).getBean(ObservationKeyValueAnnotationHandler.class)
				.extracting(Object::getClass)
				.isEqualTo(ObservationKeyValueAnnotationHandler.class);
			assertThat(context).getBean(MeterTagAnnotationHandler.class)
				.extracting(Object::getClass)
				.isEqualTo(MeterTagAnnotationHandler.class);
		});
	}

	@Test
	void runWhenDisabledShouldNotAddExtras() {
		this.contextRunner.withPropertyValues("observability.operations.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ObservedAspect.class)
				.doesNotHaveBean(OperationLoggingHandler.class)
				.doesNotHaveBean(InterfaceObservedAdvisor.class));
	}

	@Test
	void runWhenAnnotationsAreDisabledShouldNotAddExtras() {
		this.contextRunner.withPropertyValues("management.observations.annotations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservedAspect.class)
				.doesNotHaveBean(OperationLoggingHandler.class));
	}

	@Test
	void runWithoutMicrometerObservationShouldNotAddExtras() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OperationsAutoConfiguration.class,
					ObservationAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withPropertyValues("management.observations.annotations.enabled=true")
			.withClassLoader(new FilteredClassLoader(ObservedAspect.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OperationLoggingHandler.class));
	}

	@Test
	void runWithNonPositiveThresholdOverrideShouldFail() {
		this.contextRunner.withPropertyValues("observability.operations.slow-thresholds[documents.extract]=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.operations.slow-thresholds[documents.extract]"));
	}

	@Test
	void timerCarriesOperationOutcomeAndExceptionButNoErrorAndPublishesHistogram() {
		this.contextRunner.run((context) -> {
			Extraction extraction = context.getBean(Extraction.class);
			extraction.extract("EMAIL", "doc-1");
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> extraction.extract("EDI", null));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer success = registry.get("documents.extract")
				.tags("operation", "documents.extract", "outcome", "success", "exception", "none", "source", "EMAIL")
				.timer();
			assertThat(success.count()).isEqualTo(1);
			Timer failure = registry.get("documents.extract")
				.tags("outcome", "failure", "exception", "IllegalArgumentException", "source", "EDI")
				.timer();
			assertThat(failure.count()).isEqualTo(1);
			assertThat(registry.find("documents.extract").meters())
				.allSatisfy((meter) -> assertThat(meter.getId().getTag("error")).isNull())
				.allSatisfy((meter) -> assertThat(meter.getId().getTag("document_id")).isNull());
			PrometheusScrape scrape = PrometheusScrape
				.parse(context.getBean(PrometheusMeterRegistry.class).scrape("text/plain"));
			assertThat(scrape.samples("documents_extract_seconds_bucket"))
				.anySatisfy((sample) -> assertThat(sample.labels()).containsEntry("outcome", "success")
					.containsEntry("operation", "documents.extract")
					.containsKey("le")
					.doesNotContainKey("error"));
		});
	}

	@Test
	void unnamedOperationIsNamedAfterItsSimpleClassNameAndMethodOnTheTimerAndInTheWarning() {
		this.contextRunner.run((context) -> {
			Extraction extraction = context.getBean(Extraction.class);
			extraction.unnamed(false);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> extraction.unnamed(true));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("method.observed")
				.tags("operation", "Extraction#unnamed", "outcome", "success", "exception", "none")
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get("method.observed")
				.tags("operation", "Extraction#unnamed", "outcome", "failure", "exception", "IllegalStateException")
				.timer()
				.count()).isEqualTo(1);
			assertThat(keyValues(singleWarning())).containsEntry("operation", "Extraction#unnamed");
		});
	}

	@Test
	void keyValuesTheApplicationSetsWinOverTheStartersTags() {
		this.contextRunner.run((context) -> {
			context.getBean(Extraction.class).tagged();
			Timer timer = context.getBean(MeterRegistry.class).get("documents.tagged").timer();
			assertThat(timer.getId().getTag("outcome")).isEqualTo("accepted");
			assertThat(timer.getId().getTag("operation")).isEqualTo("documents.tagged");
			assertThat(timer.getId().getTag("exception")).isEqualTo("none");
		});
	}

	@Test
	void completionStageFailureIsTaggedWithTheCauseOfItsCompletionException() {
		this.contextRunner.run((context) -> {
			CompletableFuture<String> result = new CompletableFuture<>();
			CompletionStage<String> stage = context.getBean(Extraction.class).later("doc-11", result);
			result.completeExceptionally(new CompletionException(new IllegalStateException("timeout")));
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
			assertThat(context.getBean(MeterRegistry.class)
				.get("documents.later")
				.tags("outcome", "failure", "exception", "IllegalStateException")
				.timer()
				.count()).isEqualTo(1);
			assertThat(keyValues(singleWarning())).containsEntry("exception", "IllegalStateException");
		});
	}

	@Test
	void highCardinalityValuesAreInTheMdcDuringTheCallOnly() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(Extraction.class).extract("EMAIL", "doc-7")).isEqualTo("doc-7 seen as doc-7");
			assertThat(MDC.get("document_id")).isNull();
			assertThat(context.getBean(Extraction.class).nested("doc-8", context.getBean(Documents.class)))
				.isEqualTo("doc-9 seen as doc-9, then doc-8");
			assertThat(MDC.get("document_id")).isNull();
		});
	}

	@Test
	void failedCallIsLoggedOnceWithItsHighCardinalityValuesAndRequestId() {
		this.contextRunner.run((context) -> {
			MDC.put("request_id", "req-1");
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> context.getBean(Extraction.class).reject("EDI", "doc-2"));
			ILoggingEvent warning = singleWarning();
			assertThat(warning.getFormattedMessage())
				.isEqualTo("Operation documents.reject failed after 0 ms: IllegalArgumentException: unreadable"
						+ ", document_id=doc-2");
			assertThat(keyValues(warning)).containsEntry("operation", "documents.reject")
				.containsEntry("outcome", "failure")
				.containsEntry("exception", "IllegalArgumentException")
				.containsEntry("document_id", "doc-2")
				.containsEntry("duration_ms", 0L);
			// The high-cardinality values are key values of the line, not MDC entries too
			assertThat(warning.getMDCPropertyMap()).isEqualTo(Map.of("request_id", "req-1"));
		});
	}

	@Test
	void slowCallIsLoggedAboveTheDefaultThreshold() {
		this.contextRunner.withPropertyValues("observability.operations.slow-threshold=2s").run((context) -> {
			Extraction extraction = context.getBean(Extraction.class);
			extraction.slow("doc-3", 2000);
			assertThat(this.warnings.list).isEmpty();
			extraction.slow("doc-3", 2001);
			assertThat(singleWarning().getFormattedMessage())
				.isEqualTo("Operation documents.slow took 2001 ms, above its slow threshold of 2000 ms"
						+ ", document_id=doc-3");
		});
	}

	@Test
	void slowThresholdOfOneOperationIsAPropertyThatResolvesPlaceholders() {
		this.contextRunner
			.withPropertyValues("extraction.budget=100ms",
					"observability.operations.slow-thresholds[documents.slow]=${extraction.budget}")
			.run((context) -> {
				context.getBean(Extraction.class).slow("doc-4", 101);
				assertThat(singleWarning().getFormattedMessage()).contains("above its slow threshold of 100 ms");
			});
	}

	@Test
	void completionStageIsLoggedWithTheCallsRequestIdWhenItFailsOnAnotherThread() {
		this.contextRunner.run((context) -> {
			MDC.put("request_id", "req-2");
			CompletableFuture<String> result = new CompletableFuture<>();
			CompletionStage<String> stage = context.getBean(Extraction.class).later("doc-5", result);
			MDC.clear();
			Thread completer = new Thread(() -> result.completeExceptionally(new IllegalStateException("timeout")));
			completer.start();
			completer.join();
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(IllegalStateException.class);
			ILoggingEvent warning = singleWarning();
			assertThat(warning.getThreadName()).isNotEqualTo(Thread.currentThread().getName());
			assertThat(warning.getMDCPropertyMap()).isEqualTo(Map.of("request_id", "req-2"));
			assertThat(keyValues(warning)).containsEntry("document_id", "doc-5");
			assertThat(keyValues(warning)).containsEntry("exception", "IllegalStateException");
			assertThat(context.getBean(MeterRegistry.class)
				.get("documents.later")
				.tags("outcome", "failure", "exception", "IllegalStateException")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void completionStageFailingOnAThreadOfAnotherRequestIsLoggedWithTheCallsIdsAndLeavesThatThreadsMdc() {
		this.contextRunner.run((context) -> {
			MDC.put("traceId", "call-trace");
			MDC.put("request_id", "req-3");
			CompletableFuture<String> result = new CompletableFuture<>();
			CompletionStage<String> stage = context.getBean(Extraction.class).later("doc-6", result);
			MDC.clear();
			Map<String, String> otherRequest = Map.of("traceId", "other-trace", "spanId", "other-span", "request_id",
					"req-other", "tenant", "acme");
			AtomicReference<Map<String, String>> mdcAfter = new AtomicReference<>();
			Thread completer = new Thread(() -> {
				MDC.setContextMap(otherRequest);
				result.completeExceptionally(new IllegalStateException("timeout"));
				mdcAfter.set(MDC.getCopyOfContextMap());
			});
			completer.start();
			completer.join();
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
			// The call had no span ID: the other request's is not on the line either
			assertThat(singleWarning().getMDCPropertyMap())
				.isEqualTo(Map.of("traceId", "call-trace", "request_id", "req-3", "tenant", "acme"));
			assertThat(mdcAfter.get()).isEqualTo(otherRequest);
		});
	}

	@Test
	void hotFramesOfAProfiledCallAreInTheWarning() {
		this.contextRunner.withBean(HotFramesFilter.class).run((context) -> {
			context.getBean(Extraction.class).slow("doc-6", 5000);
			assertThat(keyValues(singleWarning())).containsEntry("hot_frames", "com.acme.Matcher.score 62%");
		});
	}

	@Test
	void interfaceAnnotationsAreObservedOnceWithCglibProxies() {
		this.contextRunner.run(this::assertInterfaceAnnotationsAreObservedOnce);
	}

	@Test
	void interfaceAnnotationsAreObservedOnceWithJdkProxies() {
		this.contextRunner.withPropertyValues("spring.aop.proxy-target-class=false").run((context) -> {
			assertThat(AopUtils.isJdkDynamicProxy(context.getBean(Documents.class))).isTrue();
			assertInterfaceAnnotationsAreObservedOnce(context);
		});
	}

	private void assertInterfaceAnnotationsAreObservedOnce(org.springframework.context.ApplicationContext context) {
		Documents documents = context.getBean(Documents.class);
		assertThat(documents.store("doc-9")).isEqualTo("doc-9 seen as doc-9");
		documents.archive("doc-10");
		context.getBean(Catalogue.class).find("sku-1");
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		assertThat(registry.get("documents.store").tags("outcome", "success").timer().count()).isEqualTo(1);
		assertThat(registry.get("documents.archive").timer().count()).isEqualTo(1);
		assertThat(registry.get("catalogue").tags("method", "find").timer().count()).isEqualTo(1);
		assertThat(registry.find("documents.store.implementation").meters()).isEmpty();
		assertThat(registry.find("documents.store").timers()).hasSize(1);
	}

	@Test
	void methodsAnnotatedOnAnInheritedInterfaceAreObserved() {
		this.contextRunner.withBean(ColourBindersImplementation.class).run((context) -> {
			assertThat(context.getBean(ColourBinders.class).open("b-1")).isEqualTo("b-1");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("binders.open").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void interfaceAdvisorLooksOnlyAtClassesWithAnObservedInterface() {
		this.contextRunner.run((context) -> {
			InterfaceObservedAdvisor advisor = context.getBean(InterfaceObservedAdvisor.class);
			assertThat(advisor.getClassFilter().matches(Extraction.class)).isFalse();
			assertThat(advisor.getClassFilter().matches(UnobservedImplementation.class)).isFalse();
			assertThat(advisor.getClassFilter().matches(DocumentsImplementation.class)).isTrue();
			assertThat(advisor.getClassFilter().matches(CatalogueImplementation.class)).isTrue();
			assertThat(advisor.getClassFilter().matches(ColourBindersImplementation.class)).isTrue();
			Object documents = context.getBean(Documents.class);
			assertThat(advisor.getClassFilter().matches(documents.getClass())).isTrue();
		});
	}

	@Test
	void observationRunsInsideTheTransaction() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TransactionAutoConfiguration.class))
			.withBean(PlatformTransactionManager.class, RecordingTransactionManager::new)
			.withBean(TransactionalService.class)
			.withBean(TransactionRecordingHandler.class)
			.run((context) -> {
				assertThat(context.getBean(TransactionalService.class).save()).isTrue();
				assertThat(context.getBean(TransactionRecordingHandler.class).transactionActiveAtStart).isTrue();
			});
	}

	@Test
	void startUpReportsThatNothingIsObservedWithoutAnAutoProxyCreator(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.aop.auto=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("@Observed methods are not observed");
		});
	}

	private ILoggingEvent singleWarning() {
		assertThat(this.warnings.list).hasSize(1);
		return this.warnings.list.get(0);
	}

	private static Map<String, Object> keyValues(ILoggingEvent event) {
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		return pairs.stream()
			.collect(java.util.stream.Collectors.toMap((pair) -> pair.key, (pair) -> pair.value, (a, b) -> b));
	}

	private static Logger operationLogger() {
		return (Logger) LoggerFactory.getLogger(OperationLoggingHandler.LOGGER_NAME);
	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		@Bean
		MockClock clock() {
			return new MockClock();
		}

		@Bean
		Extraction extraction(MockClock clock) {
			return new Extraction(clock);
		}

		@Bean
		DocumentsImplementation documents() {
			return new DocumentsImplementation();
		}

		@Bean
		CatalogueImplementation catalogue() {
			return new CatalogueImplementation();
		}

	}

	static class Extraction {

		private final MockClock clock;

		Extraction(MockClock clock) {
			this.clock = clock;
		}

		@Observed(name = "documents.extract")
		String extract(@ObservationKeyValue(key = "source", cardinality = Cardinality.LOW) String source,
				@ObservationKeyValue(key = "document_id") String id) {
			if (id == null) {
				throw new IllegalArgumentException("no id");
			}
			return id + " seen as " + MDC.get("document_id");
		}

		@Observed(name = "documents.nested")
		String nested(@ObservationKeyValue(key = "document_id") String id, Documents documents) {
			return documents.store("doc-9") + ", then " + MDC.get("document_id");
		}

		@Observed(name = "documents.reject")
		void reject(@ObservationKeyValue(key = "source", cardinality = Cardinality.LOW) String source,
				@ObservationKeyValue(key = "document_id") String id) {
			throw new IllegalArgumentException("unreadable");
		}

		@Observed(name = "documents.slow")
		void slow(@ObservationKeyValue(key = "document_id") String id, long millis) {
			this.clock.add(millis, TimeUnit.MILLISECONDS);
		}

		@Observed
		void unnamed(boolean fail) {
			if (fail) {
				throw new IllegalStateException("unnamed");
			}
		}

		@Observed(name = "documents.tagged", lowCardinalityKeyValues = { "outcome", "accepted" })
		void tagged() {
		}

		@Observed(name = "documents.later")
		CompletionStage<String> later(@ObservationKeyValue(key = "document_id") String id,
				CompletableFuture<String> result) {
			return result;
		}

	}

	interface Documents {

		@Observed(name = "documents.store")
		String store(@ObservationKeyValue(key = "document_id") String id);

		@Observed(name = "documents.archive")
		void archive(String id);

	}

	static class DocumentsImplementation implements Documents {

		@Override
		public String store(String id) {
			return id + " seen as " + MDC.get("document_id");
		}

		@Override
		@Observed(name = "documents.archive")
		public void archive(String id) {
		}

	}

	@Observed(name = "catalogue")
	interface Catalogue {

		String find(String sku);

	}

	static class CatalogueImplementation implements Catalogue {

		@Override
		public String find(String sku) {
			return sku;
		}

	}

	interface Binders {

		@Observed(name = "binders.open")
		String open(String id);

	}

	interface ColourBinders extends Binders {

	}

	static class ColourBindersImplementation implements ColourBinders {

		@Override
		public String open(String id) {
			return id;
		}

	}

	static class UnobservedImplementation implements Runnable {

		@Override
		public void run() {
		}

	}

	static class TransactionalService {

		@Transactional
		@Observed(name = "orders.save")
		boolean save() {
			return TransactionSynchronizationManager.isActualTransactionActive();
		}

	}

	static class TransactionRecordingHandler
			implements io.micrometer.observation.ObservationHandler<io.micrometer.observation.Observation.Context> {

		volatile boolean transactionActiveAtStart;

		@Override
		public void onStart(io.micrometer.observation.Observation.Context context) {
			this.transactionActiveAtStart = TransactionSynchronizationManager.isActualTransactionActive();
		}

		@Override
		public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
			return Operations.isOperation(context);
		}

	}

	static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

	/**
	 * Stands in for the profiler of slow calls (contract C1).
	 */
	static class HotFramesFilter implements io.micrometer.observation.ObservationFilter {

		@Override
		public io.micrometer.observation.Observation.Context map(
				io.micrometer.observation.Observation.Context context) {
			return context.addHighCardinalityKeyValue(
					io.micrometer.common.KeyValue.of(OperationLoggingHandler.HOT_FRAMES, "com.acme.Matcher.score 62%"));
		}

	}

}
