package io.observability.spring.operation;

import java.util.List;

import io.micrometer.common.annotation.ValueResolver;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.CountedAspect;
import io.micrometer.core.aop.CountedMeterTagAnnotationHandler;
import io.micrometer.core.aop.MeterTag;
import io.micrometer.core.aop.MeterTagAnnotationHandler;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CachingMeterTagAnnotationHandlers}: real Spring AOP proxies (CGLIB and
 * JDK) with Micrometer's {@link TimedAspect} and {@link CountedAspect}, the same calls
 * made with Micrometer's own handlers and with the caching ones, which must register the
 * same meters with the same tags.
 *
 * @author Observability Spring Boot contributors
 */
class CachingMeterTagAnnotationHandlersTests {

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void metersAreMicrometersForEveryShapeOfAnnotation(boolean cglib) {
		List<String> expected = calls(new MeterTagAnnotationHandler(TestResolvers.RESOLVERS, TestResolvers.EXPRESSIONS),
				new CountedMeterTagAnnotationHandler(TestResolvers.RESOLVERS, TestResolvers.EXPRESSIONS), cglib);
		CachingMeterTagAnnotationHandlers.Timed timed = new CachingMeterTagAnnotationHandlers.Timed(
				TestResolvers.RESOLVERS, TestResolvers.EXPRESSIONS);
		List<String> actual = calls(timed,
				new CachingMeterTagAnnotationHandlers.Counted(TestResolvers.RESOLVERS, TestResolvers.EXPRESSIONS),
				cglib);
		assertThat(actual).isEqualTo(expected);
		assertThat(String.join(" ", expected)).contains("timed.plain[tag(class=", "tag(source=EMAIL)",
				"tag(size=result:3)", "tag(on_interface=doc-4)", "counted.tagged[", "tag(kind=resolved:EDI)");
		// Five timed methods, each searched once however often it is called
		assertThat(timed.searchedMethods()).isEqualTo(5);
	}

	// Every meter after each call of the corpus, twice, as "name[tag=value, ...] count"
	private static List<String> calls(MeterTagAnnotationHandler timedHandler,
			CountedMeterTagAnnotationHandler countedHandler, boolean cglib) {
		MeterRegistry registry = new SimpleMeterRegistry();
		TimedAspect timedAspect = new TimedAspect(registry);
		timedAspect.setMeterTagAnnotationHandler(timedHandler);
		CountedAspect countedAspect = new CountedAspect(registry);
		countedAspect.setMeterTagAnnotationHandler(countedHandler);
		AspectJProxyFactory factory = new AspectJProxyFactory(new MeteredService());
		factory.setProxyTargetClass(cglib);
		if (!cglib) {
			factory.addInterface(Metered.class);
		}
		factory.addAspect(timedAspect);
		factory.addAspect(countedAspect);
		Metered metered = factory.getProxy();
		for (int i = 0; i < 2; i++) {
			metered.plain("doc-0");
			metered.tagged("EMAIL", "doc-1");
			metered.tagged(7);
			metered.size("abc");
			metered.onInterface("doc-4");
			metered.counted("EDI");
		}
		return registry.getMeters()
			.stream()
			.map((meter) -> meter.getId().getName() + meter.getId().getTags() + " " + count(meter))
			.sorted()
			.toList();
	}

	private static long count(Meter meter) {
		long count = 0;
		for (var measurement : meter.measure()) {
			count += (long) ("COUNT".equals(measurement.getStatistic().name()) ? measurement.getValue() : 0);
		}
		return count;
	}

	interface Metered {

		String plain(String id);

		String tagged(String source, String id);

		String tagged(Integer number);

		int size(String id);

		String onInterface(@MeterTag(key = "on_interface") String id);

		String counted(String kind);

	}

	static class MeteredService implements Metered {

		@Override
		@Timed("timed.plain")
		public String plain(String id) {
			return id;
		}

		@Override
		@Timed("timed.tagged")
		public String tagged(@MeterTag(key = "source") String source, String id) {
			return id;
		}

		@Override
		@Timed("timed.number")
		public String tagged(Integer number) {
			return String.valueOf(number);
		}

		@Override
		@Timed("timed.size")
		@MeterTag(key = "size", expression = "result")
		public int size(String id) {
			return id.length();
		}

		@Override
		@Timed("timed.interface")
		public String onInterface(String id) {
			return id;
		}

		@Override
		@Counted("counted.tagged")
		public String counted(@MeterTag(key = "kind", resolver = ValueResolver.class) String kind) {
			return kind;
		}

	}

}
