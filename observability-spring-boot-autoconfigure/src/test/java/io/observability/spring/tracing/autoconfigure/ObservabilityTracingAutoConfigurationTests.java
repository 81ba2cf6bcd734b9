package io.observability.spring.tracing.autoconfigure;

import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

import io.observability.spring.tracing.internal.SpanExportMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ObservabilityTracingAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
class ObservabilityTracingAutoConfigurationTests {

	private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

	private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

	private static final AttributeKey<String> DEPLOYMENT_ENVIRONMENT = AttributeKey.stringKey("deployment.environment");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservabilityTracingAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders");

	@Test
	void runShouldAddResourceAttributesAndSpanExportMetrics() {
		this.contextRunner.withUserConfiguration(BuildInfoConfiguration.class)
			.withPropertyValues("observability.tracing.deployment-environment=production")
			.run((context) -> {
				Resource resource = context.getBean(Resource.class);
				assertThat(resource.getAttribute(SERVICE_NAME)).isEqualTo("orders");
				assertThat(resource.getAttribute(SERVICE_VERSION)).isEqualTo("1.4.2");
				assertThat(resource.getAttribute(DEPLOYMENT_ENVIRONMENT)).isEqualTo("production");
				assertThat(resource.getAttribute(AttributeKey.stringKey("deployment.environment.name")))
					.isEqualTo("production");
				assertThat(resource.getAttribute(AttributeKey.stringKey("telemetry.sdk.language"))).isEqualTo("java");
				assertThat(context).hasSingleBean(SpanExportMetrics.class).hasSingleBean(SdkMeterProvider.class);
			});
	}

	@Test
	void runWithoutBuildInfoOrEnvironmentShouldLeaveThoseAttributesOut() {
		this.contextRunner.run((context) -> {
			Resource resource = context.getBean(Resource.class);
			assertThat(resource.getAttribute(SERVICE_NAME)).isEqualTo("orders");
			assertThat(resource.getAttribute(SERVICE_VERSION)).isNull();
			assertThat(resource.getAttribute(DEPLOYMENT_ENVIRONMENT)).isNull();
		});
	}

	@Test
	void springBootResourceAttributesWin() {
		this.contextRunner.withUserConfiguration(BuildInfoConfiguration.class)
			.withPropertyValues("observability.tracing.deployment-environment=production",
					"management.opentelemetry.resource-attributes[deployment.environment]=staging",
					"management.opentelemetry.resource-attributes[service.version]=2.0.0")
			.run((context) -> {
				Resource resource = context.getBean(Resource.class);
				assertThat(resource.getAttribute(DEPLOYMENT_ENVIRONMENT)).isEqualTo("staging");
				assertThat(resource.getAttribute(SERVICE_VERSION)).isEqualTo("2.0.0");
			});
	}

	@Test
	void runWhenDisabledShouldLeaveSpringBootsResource() {
		this.contextRunner
			.withPropertyValues("observability.tracing.enabled=false",
					"observability.tracing.deployment-environment=production")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SpanExportMetrics.class)
					.doesNotHaveBean(MeterProvider.class)
					.doesNotHaveBean(ObservabilityTracingProperties.class);
				assertThat(context.getBean(Resource.class).getAttribute(DEPLOYMENT_ENVIRONMENT)).isNull();
			});
	}

	@Test
	void runWhenStarterIsDisabledShouldNotConfigureAnything() {
		this.contextRunner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SpanExportMetrics.class)
				.doesNotHaveBean(ObservabilityTracingProperties.class));
	}

	@Test
	void runShouldBackOffToUserBeans() {
		this.contextRunner.withUserConfiguration(UserBeansConfiguration.class).run((context) -> {
			assertThat(context.getBean(Resource.class)).isSameAs(context.getBean("userResource"));
			assertThat(context.getBean(MeterProvider.class)).isSameAs(context.getBean("userMeterProvider"));
			assertThat(context.getBean(SpanExportMetrics.class)).isSameAs(context.getBean("userSpanExportMetrics"));
		});
	}

	@Test
	void runWithUserMeterProviderShouldNotRegisterSpanExportMetricsThatCouldNeverMove() {
		this.contextRunner.withUserConfiguration(UserMeterProviderConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(SpanExportMetrics.class)
				.doesNotHaveBean("spanExportMeterProvider")
				.hasSingleBean(MeterProvider.class));
	}

	@Test
	void runWithoutOpenTelemetrySdkShouldNotConfigureAnything() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OpenTelemetrySdk.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SpanExportMetrics.class)
				.doesNotHaveBean(Resource.class)
				.doesNotHaveBean(ObservabilityTracingProperties.class));
	}

	@Test
	void blankDeploymentEnvironmentFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.tracing.deployment-environment= ").run((context) -> {
			assertThat(context).hasFailed();
			BindException failure = Stream.iterate(context.getStartupFailure(), Objects::nonNull, Throwable::getCause)
				.filter(BindException.class::isInstance)
				.map(BindException.class::cast)
				.findFirst()
				.orElseThrow();
			assertThat(failure.getProperty()).extracting((property) -> property.getName().toString())
				.isEqualTo("observability.tracing.deployment-environment");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class BuildInfoConfiguration {

		@Bean
		BuildProperties buildProperties() {
			Properties properties = new Properties();
			properties.setProperty("version", "1.4.2");
			return new BuildProperties(properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMeterProviderConfiguration {

		@Bean
		MeterProvider userMeterProvider() {
			return MeterProvider.noop();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		@Bean
		Resource userResource() {
			return Resource.empty();
		}

		@Bean
		MeterProvider userMeterProvider() {
			return MeterProvider.noop();
		}

		@Bean
		SpanExportMetrics userSpanExportMetrics() {
			return new SpanExportMetrics();
		}

	}

}
