package io.observability.spring.logging.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.observability.spring.logging.internal.LoggedValueReplacements;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the metrics of the starter's
 * JSON console: {@code observability.logging.values.replaced}, the values replaced with a
 * masked stand-in because they could not be written.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(value = MeterBinder.class, name = "net.logstash.logback.encoder.LogstashEncoder")
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.logging.enabled", matchIfMissing = true)
public final class LoggingMetricsAutoConfiguration {

	@Bean
	MeterBinder loggedValueReplacementsMeterBinder() {
		return (registry) -> FunctionCounter
			.builder("observability.logging.values.replaced", LoggedValueReplacements.class,
					(type) -> LoggedValueReplacements.count())
			.description("Values of log events replaced with a masked stand-in because they could not be written")
			.register(registry);
	}

}
