package io.observability.spring.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ObservabilityAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
class ObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservabilityAutoConfiguration.class));

	@Test
	void runShouldBindPropertiesByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ObservabilityProperties.class)
			.getBean(ObservabilityProperties.class)
			.extracting(ObservabilityProperties::isEnabled)
			.isEqualTo(true));
	}

	@Test
	void runWhenDisabledShouldNotConfigureAnything() {
		this.contextRunner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservabilityProperties.class));
	}

}
