package io.observability.spring.operation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.Cardinality;
import io.micrometer.observation.aop.ObservationKeyValueAnnotationHandler;
import io.micrometer.observation.aop.ObservedAspect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CachingObservationKeyValueAnnotationHandler}: real Spring AOP proxies
 * (CGLIB and JDK) with Micrometer's {@link ObservedAspect}, each call made once through
 * Micrometer's own handler and once through the caching one, which must give the same key
 * values for every shape of annotation, and search each method once.
 *
 * @author Observability Spring Boot contributors
 */
class CachingObservationKeyValueAnnotationHandlerTests {

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void keyValuesAreMicrometersForEveryShapeOfAnnotation(boolean cglib) {
		List<String> expected = calls(
				new ObservationKeyValueAnnotationHandler(TestResolvers.RESOLVERS, TestResolvers.EXPRESSIONS), cglib, 2);
		CachingObservationKeyValueAnnotationHandler caching = new CachingObservationKeyValueAnnotationHandler(
				TestResolvers.RESOLVERS, TestResolvers.EXPRESSIONS);
		List<String> actual = calls(caching, cglib, 2);
		assertThat(actual).isEqualTo(expected);
		// The corpus's calls have key values from a class's parameter, its result, a
		// repeated annotation and, through the JDK proxy's interface, the interface's
		assertThat(String.join(" ", expected)).contains("low:source=EMAIL", "high:document_id=doc-1",
				"high:length=result:6", "low:first=a", "low:second=expr:a", "low:inherited=EDI");
		if (!cglib) {
			assertThat(String.join(" ", expected)).contains("high:declared_on_interface=doc-4");
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void searchesEachMethodOnce(boolean cglib) {
		CachingObservationKeyValueAnnotationHandler caching = new CachingObservationKeyValueAnnotationHandler(
				TestResolvers.RESOLVERS, TestResolvers.EXPRESSIONS);
		List<String> observed = calls(caching, cglib, 3);
		assertThat(observed).hasSize(3 * 7);
		// Seven methods, each searched on its first call only
		assertThat(caching.searchedMethods()).isEqualTo(7);
	}

	// Each call of the corpus, repeated, as "name low:key=value high:key=value ..."
	private static List<String> calls(ObservationKeyValueAnnotationHandler handler, boolean cglib, int times) {
		List<String> observed = new ArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				observed.add(context.getName() + describe("low", context.getLowCardinalityKeyValues())
						+ describe("high", context.getHighCardinalityKeyValues()));
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		ObservedAspect aspect = new ObservedAspect(registry);
		aspect.setObservationKeyValueAnnotationHandler(handler);
		Documents documents = proxy(new DocumentService(), aspect, cglib);
		Documents inherited = proxy(new InheritingDocumentService(), aspect, cglib);
		for (int i = 0; i < times; i++) {
			documents.plain("doc-0");
			documents.extract("EMAIL", "doc-1");
			documents.extract(42);
			documents.length("doc-2x");
			documents.repeated("a");
			documents.onInterface("doc-4");
			inherited.extract("EDI", "doc-3");
		}
		return observed;
	}

	private static String describe(String cardinality, KeyValues keyValues) {
		StringBuilder description = new StringBuilder();
		keyValues.stream()
			.filter((keyValue) -> !"class".equals(keyValue.getKey()) && !"method".equals(keyValue.getKey()))
			.forEach((keyValue) -> description.append(' ')
				.append(cardinality)
				.append(':')
				.append(keyValue.getKey())
				.append('=')
				.append(keyValue.getValue()));
		return description.toString();
	}

	private static Documents proxy(Documents target, ObservedAspect aspect, boolean cglib) {
		AspectJProxyFactory factory = new AspectJProxyFactory(target);
		factory.setProxyTargetClass(cglib);
		if (!cglib) {
			factory.addInterface(Documents.class);
		}
		factory.addAspect(aspect);
		return factory.getProxy();
	}

	interface Documents {

		String plain(String id);

		String extract(String source, String id);

		String extract(Integer number);

		int length(String id);

		String repeated(String value);

		String onInterface(@ObservationKeyValue(key = "declared_on_interface") String id);

	}

	static class DocumentService implements Documents {

		@Override
		@Observed(name = "plain")
		public String plain(String id) {
			return id;
		}

		@Override
		@Observed(name = "extract")
		public String extract(@ObservationKeyValue(key = "source", cardinality = Cardinality.LOW) String source,
				@ObservationKeyValue(key = "document_id") String id) {
			return id;
		}

		@Override
		@Observed(name = "extract.number")
		public String extract(Integer number) {
			return String.valueOf(number);
		}

		@Override
		@Observed(name = "length")
		@ObservationKeyValue(key = "length", expression = "result")
		public int length(String id) {
			return id.length();
		}

		@Override
		@Observed(name = "repeated")
		public String repeated(@ObservationKeyValue(key = "first", cardinality = Cardinality.LOW) @ObservationKeyValue(
				key = "second", expression = "expr", cardinality = Cardinality.LOW) String value) {
			return value;
		}

		@Override
		@Observed(name = "interface")
		public String onInterface(String id) {
			return id;
		}

	}

	static class InheritingDocumentService extends DocumentService {

		@Override
		@Observed(name = "extract.inherited")
		public String extract(@ObservationKeyValue(key = "inherited", cardinality = Cardinality.LOW) String source,
				String id) {
			return super.extract(source, id) + id;
		}

	}

}
