package io.observability.spring.masking.autoconfigure;

import io.observability.spring.masking.MaskingProperties;
import io.observability.spring.masking.internal.MaskingPolicy;
import io.observability.spring.masking.internal.MaskingSpanExporter;
import io.observability.spring.masking.internal.QueryStringMeterFilter;
import io.observability.spring.masking.internal.QueryStringObservationFilter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MaskingAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
class MaskingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MaskingAutoConfiguration.class))
		.withUserConfiguration(ExporterConfiguration.class);

	@Test
	void runShouldCreatePolicyAndFilterAndDecorateSpanExporters() {
		this.runner.withPropertyValues("observability.masking.names=iban").run((context) -> {
			assertThat(context).hasSingleBean(MaskingPolicy.class)
				.hasSingleBean(QueryStringObservationFilter.class)
				.hasSingleBean(QueryStringMeterFilter.class);
			assertThat(context.getBean(MaskingPolicy.class).isSecretName("payer_IBAN")).isTrue();
			assertThat(context.getBean(MaskingPolicy.class).isSecretName("db_password")).isTrue();
			assertThat(context.getBean(SpanExporter.class)).isInstanceOf(MaskingSpanExporter.class);
		});
	}

	@Test
	void runWhenDisabledShouldNotMask() {
		this.runner.withPropertyValues("observability.masking.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(MaskingPolicy.class);
			assertThat(context.getBean(SpanExporter.class)).isNotInstanceOf(MaskingSpanExporter.class);
		});
	}

	@Test
	void runWhenQueryStringsAreKeptShouldNotFilterMeters() {
		this.runner.withPropertyValues("observability.masking.keep-query-strings=true")
			.run((context) -> assertThat(context).doesNotHaveBean(QueryStringMeterFilter.class));
	}

	@Test
	void runWithUserPolicyShouldBackOff() {
		this.runner.withUserConfiguration(UserPolicyConfiguration.class)
			.run((context) -> assertThat(context.getBean(MaskingPolicy.class)).isSameAs(context.getBean("userPolicy")));
	}

	@Test
	void runWithoutOpenTelemetryShouldStillFilterObservations() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MaskingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(SpanExporter.class))
			.run((context) -> assertThat(context).hasSingleBean(QueryStringObservationFilter.class)
				.doesNotHaveBean("maskingSpanExporterBeanPostProcessor"));
	}

	@Configuration(proxyBeanMethods = false)
	static class ExporterConfiguration {

		@Bean
		SpanExporter spanExporter() {
			// No exporter at all: an empty composite
			return SpanExporter.composite();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPolicyConfiguration {

		@Bean
		MaskingPolicy userPolicy() {
			return MaskingPolicy.of(new MaskingProperties());
		}

	}

}
