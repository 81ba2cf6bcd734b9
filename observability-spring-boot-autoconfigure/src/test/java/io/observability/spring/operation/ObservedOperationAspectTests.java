package io.observability.spring.operation;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.ObservedAspect;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ObservedOperationAspect}.
 *
 * @author Observability Spring Boot contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservedOperationAspectTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	ObservedOperationAspectTests() {
		this.registry.observationConfig().observationHandler(new OperationLoggingObservationHandler());
	}

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void synchronousSuccessIsObservedWithTagsAndOutcome() {
		Documents documents = proxy(new DocumentService(), false);
		assertThat(documents.extract(new Document("doc-1", "EMAIL"), "ACME")).isEqualTo("extracted doc-1");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("documents.extract")
			.hasContextualNameEqualTo("extract document")
			.hasLowCardinalityKeyValue("operation", "documents.extract")
			.hasLowCardinalityKeyValue("pipeline", "intake")
			.hasLowCardinalityKeyValue("source", "EMAIL")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("exception", "none")
			.hasHighCardinalityKeyValue("document_id", "doc-1")
			.doesNotHaveLowCardinalityKeyValueWithKey("document_id")
			.doesNotHaveHighCardinalityKeyValueWithKey("customer")
			.doesNotHaveError();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("documents.extract")
			.that()
			.hasBeenStopped();
	}

	@Test
	void thrownExceptionIsRethrownAndRecordedAsFailure(CapturedOutput output) {
		Documents documents = proxy(new DocumentService(), false);
		IllegalStateException failure = new IllegalStateException("unreadable PDF");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> documents.fail(new Document("doc-2", "EDI"), failure))
			.isSameAs(failure);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("documents.fail")
			.hasLowCardinalityKeyValue("outcome", "failure")
			.hasLowCardinalityKeyValue("exception", "IllegalStateException")
			.hasError(failure);
		assertThat(output).containsOnlyOnce("Operation documents.fail failed after")
			.contains("IllegalStateException: unreadable PDF, document_id=doc-2");
	}

	@Test
	void completableFutureIsObservedUntilItCompletes() {
		Documents documents = proxy(new DocumentService(), false);
		CompletableFuture<String> future = new CompletableFuture<>();
		CompletionStage<String> returned = documents.match(new Document("doc-3", "API"), future);
		assertThat(returned).isSameAs(future);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("documents.match")
			.that()
			.isNotStopped();
		future.complete("matched");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("documents.match")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("exception", "none")
			.doesNotHaveError();
	}

	@Test
	void failedCompletableFutureIsRecordedAsFailureWithItsCause(CapturedOutput output) {
		Documents documents = proxy(new DocumentService(), false);
		CompletableFuture<String> future = new CompletableFuture<>();
		CompletionStage<String> returned = documents.match(new Document("doc-4", "API"), future);
		returned.thenApply(String::length);
		IOException failure = new IOException("ERP timed out");
		future.completeExceptionally(failure);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("documents.match")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "failure")
			.hasLowCardinalityKeyValue("exception", "IOException")
			.hasError(failure);
		assertThat(output).contains("Operation documents.match failed after")
			.contains("IOException: ERP timed out, document_id=doc-4");
	}

	@Test
	void nullFutureCompletesTheObservationAtOnce() {
		Documents documents = proxy(new DocumentService(), false);
		assertThat(documents.match(new Document("doc-5", "API"), null)).isNull();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("documents.match")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "success");
	}

	@Test
	void failingTagExpressionIsLoggedOnceAndIgnored(CapturedOutput output) {
		Documents documents = proxy(new DocumentService(), false);
		assertThat(documents.brokenTag(new Document("doc-6", "EMAIL"))).isEqualTo("ok");
		assertThat(documents.brokenTag(new Document("doc-7", "EMAIL"))).isEqualTo("ok");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo("documents.brokenTag", 2)
			.forAllObservationsWithNameEqualTo("documents.brokenTag",
					(context) -> context.hasLowCardinalityKeyValue("channel", "none")
						.hasLowCardinalityKeyValue("outcome", "success"));
		assertThat(output).containsOnlyOnce("Could not evaluate tag 'channel' of operation 'documents.brokenTag'");
	}

	@Test
	void expressionTagStaysCorrectOnceCompiled() {
		Documents documents = proxy(new DocumentService(), false);
		for (int i = 0; i < 150; i++) {
			documents.extract(new Document("doc-" + i, (i % 2 == 0) ? "EMAIL" : "EDI"), "ACME");
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo("documents.extract", 150);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasAnObservation((context) -> context.hasHighCardinalityKeyValue("document_id", "doc-149")
				.hasLowCardinalityKeyValue("source", "EDI"))
			.hasAnObservation((context) -> context.hasHighCardinalityKeyValue("document_id", "doc-148")
				.hasLowCardinalityKeyValue("source", "EMAIL"));
	}

	@Test
	void typeReferencesInExpressionsAreRefused(CapturedOutput output) {
		Documents documents = proxy(new DocumentService(), false);
		assertThat(documents.typeReference("EMAIL")).isEqualTo("EMAIL");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("home", "none");
		assertThat(output).contains("Could not evaluate tag 'home' of operation 'documents.typeReference'");
	}

	@Test
	void highCardinalityTagIsInMdcDuringTheCallOnly() {
		Documents documents = proxy(new DocumentService(), false);
		assertThat(MDC.get("document_id")).isNull();
		assertThat(documents.extract(new Document("doc-8", "EMAIL"), "ACME")).isEqualTo("extracted doc-8");
		assertThat(DocumentService.mdcSeen).containsExactly("doc-8");
		assertThat(MDC.get("document_id")).isNull();
	}

	@Test
	void mdcValueOfAnEnclosingCallIsRestored() {
		Documents documents = proxy(new DocumentService(), false);
		MDC.put("document_id", "outer");
		documents.extract(new Document("doc-9", "EMAIL"), "ACME");
		assertThat(DocumentService.mdcSeen).containsExactly("doc-9");
		assertThat(MDC.get("document_id")).isEqualTo("outer");
	}

	@Test
	void mdcIsRestoredWhenTheCallThrows() {
		Documents documents = proxy(new DocumentService(), false);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> documents.fail(new Document("doc-10", "EDI"), new IllegalStateException("boom")));
		assertThat(MDC.get("document_id")).isNull();
	}

	@Test
	void slowCallIsLoggedWithItsThreshold(CapturedOutput output) {
		Documents documents = proxy(new DocumentService(), false);
		documents.slow();
		assertThat(output).containsOnlyOnce("Operation documents.slow took")
			.contains("above its slow threshold of 1 ms");
	}

	@Test
	void fastSuccessfulCallIsNotLogged(CapturedOutput output) {
		Documents documents = proxy(new DocumentService(), false);
		documents.extract(new Document("doc-11", "EMAIL"), "ACME");
		assertThat(output).doesNotContain("Operation documents.extract");
	}

	@Test
	void classBasedProxyIsObserved() {
		DocumentService documents = proxy(new DocumentService(), true);
		assertThat(AopUtils.isCglibProxy(documents)).isTrue();
		documents.extract(new Document("doc-12", "EMAIL"), "ACME");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("documents.extract")
			.hasHighCardinalityKeyValue("document_id", "doc-12");
	}

	@Test
	void interfaceBasedProxyFindsAnnotationsOnTheImplementation() {
		Documents documents = proxy(new DocumentService(), false);
		assertThat(AopUtils.isJdkDynamicProxy(documents)).isTrue();
		documents.extract(new Document("doc-13", "EMAIL"), "ACME");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("source", "EMAIL");
	}

	@Test
	void typeLevelAnnotationObservesEveryPublicMethodUnderItsPrefix() {
		Matching matching = proxy(new Matching(), true);
		assertThat(matching.normalize(" M8 bolts ")).isEqualTo("M8 bolts");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("matching.normalize")
			.hasContextualNameEqualTo("matching.normalize")
			.hasLowCardinalityKeyValue("stage", "matching")
			.hasLowCardinalityKeyValue("outcome", "success");
	}

	@Test
	void resultIsRecordedInADistributionSummary() {
		Matching matching = proxy(new Matching(), true);
		assertThat(matching.score("M8 bolts")).isEqualTo(new Score(0.9));
		matching.score("M10 nuts");
		DistributionSummary summary = this.meterRegistry.get("matching.confidence").tag("stage", "matching").summary();
		assertThat(summary.count()).isEqualTo(2);
		assertThat(summary.totalAmount()).isEqualTo(1.5);
	}

	@Test
	void failingObservationHandlerNeverReachesTheCaller(CapturedOutput output) {
		this.registry.observationConfig().observationHandler(new FailingHandler());
		Documents documents = proxy(new DocumentService(), false);
		assertThat(documents.extract(new Document("doc-14", "EMAIL"), "ACME")).isEqualTo("extracted doc-14");
		assertThat(documents.extract(new Document("doc-15", "EMAIL"), "ACME")).isEqualTo("extracted doc-15");
		assertThat(output).containsOnlyOnce("Could not start the observation of operation 'documents.extract'");
		assertThat(MDC.get("document_id")).isNull();
	}

	@Test
	void methodWithOperationAndObservedIsObservedOnce() {
		AspectJProxyFactory factory = new AspectJProxyFactory(new DocumentService());
		factory.setProxyTargetClass(true);
		factory.addAspect(new ObservedAspect(this.registry, new ObservedOperationSkipPredicate()));
		factory.addAspect(aspect());
		DocumentService documents = factory.getProxy();
		documents.alsoObserved();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsEqualTo(1)
			.hasSingleObservationThat()
			.hasNameEqualTo("documents.alsoObserved");
		documents.onlyObserved();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsEqualTo(2)
			.hasObservationWithNameEqualTo("plain.observed");
	}

	private ObservedOperationAspect aspect() {
		return new ObservedOperationAspect(this.registry, this.meterRegistry, null, Duration.ofSeconds(5));
	}

	@SuppressWarnings("unchecked")
	private <T> T proxy(Object target, boolean proxyTargetClass) {
		DocumentService.mdcSeen.clear();
		AspectJProxyFactory factory = new AspectJProxyFactory(target);
		factory.setProxyTargetClass(proxyTargetClass);
		factory.addAspect(aspect());
		return (T) factory.getProxy();
	}

	interface Documents {

		String extract(Document document, String customer);

		String fail(Document document, RuntimeException failure);

		@Nullable CompletionStage<String> match(Document document, @Nullable CompletableFuture<String> result);

		String brokenTag(Document document);

		void slow();

		void alsoObserved();

		void onlyObserved();

		String typeReference(String source);

	}

	interface Scoring {

		Score score(String line);

		String normalize(String line);

	}

	record Document(String id, String source) {

	}

	record Score(double confidence) {

	}

	static class DocumentService implements Documents {

		static final List<String> mdcSeen = new ArrayList<>();

		@Override
		@ObservedOperation(name = "documents.extract", contextualName = "extract document", tags = "pipeline=intake")
		public String extract(@OperationTag(key = "document_id", expression = "id",
				cardinality = OperationTag.Cardinality.HIGH) @OperationTag(key = "source",
						expression = "source") Document document,
				String customer) {
			mdcSeen.add(MDC.get("document_id"));
			return "extracted " + document.id();
		}

		@Override
		@ObservedOperation("documents.fail")
		public String fail(@OperationTag(key = "document_id", expression = "id",
				cardinality = OperationTag.Cardinality.HIGH) Document document, RuntimeException failure) {
			throw failure;
		}

		@Override
		@ObservedOperation("documents.match")
		public @Nullable CompletionStage<String> match(
				@OperationTag(key = "document_id", expression = "id",
						cardinality = OperationTag.Cardinality.HIGH) Document document,
				@Nullable CompletableFuture<String> result) {
			return result;
		}

		@Override
		@ObservedOperation("documents.brokenTag")
		public String brokenTag(@OperationTag(key = "channel", expression = "channel.name") Document document) {
			return "ok";
		}

		@Override
		@ObservedOperation(name = "documents.slow", slowThreshold = "1ms")
		public void slow() {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		@ObservedOperation("documents.alsoObserved")
		@Observed(name = "plain.alsoObserved")
		public void alsoObserved() {
		}

		@Override
		@Observed(name = "plain.observed")
		public void onlyObserved() {
		}

		@Override
		@ObservedOperation("documents.typeReference")
		public String typeReference(@OperationTag(key = "home",
				expression = "T(java.lang.System).getProperty('user.home')") String source) {
			return source;
		}

	}

	@ObservedOperation(name = "matching", tags = "stage=matching")
	static class Matching implements Scoring {

		@Override
		@ObservedOperation(result = "confidence", resultName = "matching.confidence", tags = "stage=matching")
		public Score score(String line) {
			return new Score(line.startsWith("M8") ? 0.9 : 0.6);
		}

		@Override
		public String normalize(String line) {
			return line.trim();
		}

	}

	static class FailingHandler implements ObservationHandler<Observation.Context> {

		@Override
		public void onStart(Observation.Context context) {
			throw new IllegalStateException("handler bug");
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
