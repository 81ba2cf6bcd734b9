package io.observability.spring.metrics.autoconfigure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.observability.spring.metrics.internal.CardinalityGuardMeterFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CardinalityGuardAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
@ExtendWith(OutputCaptureExtension.class)
class CardinalityGuardAutoConfigurationTests {

	private static final int DISTINCT_VALUES = 100_000;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CardinalityGuardAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void guardIsAppliedToTheMeterRegistryByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(CardinalityGuardMeterFilter.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (int i = 0; i < 150; i++) {
				registry.counter("documents.received", "customer", "c" + i).increment();
			}
			assertThat(registry.find("documents.received").counters()).hasSize(100);
			assertThat(registry.get(CardinalityGuardMeterFilter.OVERFLOW_METER_NAME).functionCounter().count())
				.isEqualTo(51);
		});
	}

	@Test
	void maximumIsConfigurable() {
		this.contextRunner.withPropertyValues("observability.metrics.max-tag-values=3").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (int i = 0; i < 10; i++) {
				registry.counter("documents.received", "customer", "c" + i).increment();
			}
			// c0, c1 and OTHER
			assertThat(registry.find("documents.received").counters()).hasSize(3);
		});
	}

	@Test
	void compositeRegistryAndItsChildrenStayBoundedWithExactTotals(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(TwoRegistriesConfiguration.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry).isInstanceOf(CompositeMeterRegistry.class);
			for (int i = 0; i < DISTINCT_VALUES; i++) {
				registry.counter("documents.received", "document_id", "d" + i).increment();
			}
			for (MeterRegistry each : new MeterRegistry[] { registry, context.getBean("first", MeterRegistry.class),
					context.getBean("second", MeterRegistry.class) }) {
				assertThat(each.find("documents.received").counters()).hasSize(100);
				assertThat(each.find("documents.received").counters().stream().mapToDouble(Counter::count).sum())
					.isEqualTo(DISTINCT_VALUES);
				assertThat(each.get(CardinalityGuardMeterFilter.OVERFLOW_METER_NAME)
					.tag("meter", "documents.received")
					.tag("tag", "document_id")
					.functionCounter()
					.count()).isEqualTo(DISTINCT_VALUES - 99);
			}
			assertThat(registry.getMeters()).hasSizeLessThan(110);
		});
		assertThat(output).containsOnlyOnce("Tag 'document_id' of meter 'documents.received' reached 100");
	}

	@Test
	void guardCountsValuesAfterUserMeterFilters() {
		this.contextRunner.withUserConfiguration(CollapsingFilterConfiguration.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (int i = 0; i < 300; i++) {
				registry.counter("downloads", "path", "/files/" + i).increment();
			}
			assertThat(registry.find("downloads").counters()).singleElement()
				.satisfies((counter) -> assertThat(counter.getId().getTag("path")).isEqualTo("/files/*"))
				.satisfies((counter) -> assertThat(counter.count()).isEqualTo(300));
			assertThat(registry.find(CardinalityGuardMeterFilter.OVERFLOW_METER_NAME).meters()).isEmpty();
		});
	}

	@Test
	void compositeRegistryStaysBoundedWithExactTotalsWhenUserMeterFiltersCollapseValues() {
		this.contextRunner.withUserConfiguration(CollapsingFilterConfiguration.class, TwoRegistriesConfiguration.class)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				for (int i = 0; i < 300; i++) {
					registry.counter("downloads", "path", "/files/" + i).increment();
				}
				assertThat(registry.find("downloads").counters()).hasSizeLessThanOrEqualTo(101);
				// A composite's counter reads its first child's, which several share here
				for (String child : new String[] { "first", "second" }) {
					MeterRegistry each = context.getBean(child, MeterRegistry.class);
					assertThat(each.find("downloads").counters()).hasSizeLessThanOrEqualTo(101);
					assertThat(each.find("downloads").counters().stream().mapToDouble(Counter::count).sum())
						.isEqualTo(300);
				}
			});
	}

	@Test
	void runWhenDisabledShouldNotBoundTags() {
		this.contextRunner.withPropertyValues("observability.metrics.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(CardinalityGuardMeterFilter.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (int i = 0; i < 150; i++) {
				registry.counter("documents.received", "customer", "c" + i).increment();
			}
			assertThat(registry.find("documents.received").counters()).hasSize(150);
		});
	}

	@Test
	void runWhenStarterIsDisabledShouldNotCreateGuard() {
		this.contextRunner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CardinalityGuardMeterFilter.class));
	}

	@Test
	void runWithUserGuardShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserGuardConfiguration.class)
			.run((context) -> assertThat(context).getBean(CardinalityGuardMeterFilter.class)
				.isSameAs(context.getBean(UserGuardConfiguration.class).guard));
	}

	@Test
	void runWithoutMicrometerShouldNotCreateGuard() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CardinalityGuardAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CardinalityGuardMeterFilter.class));
	}

	@Test
	void nonPositiveMaximumFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.metrics.max-tag-values=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.metrics.max-tag-values"));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoRegistriesConfiguration {

		@Bean
		SimpleMeterRegistry first() {
			return new SimpleMeterRegistry();
		}

		@Bean
		SimpleMeterRegistry second() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CollapsingFilterConfiguration {

		@Bean
		MeterFilter collapseFilePaths() {
			return MeterFilter.replaceTagValues("path", (path) -> path.startsWith("/files/") ? "/files/*" : path);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserGuardConfiguration {

		final CardinalityGuardMeterFilter guard = new CardinalityGuardMeterFilter(5);

		@Bean
		CardinalityGuardMeterFilter userGuard() {
			return this.guard;
		}

	}

}
