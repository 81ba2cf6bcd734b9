package io.observability.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the observability starter's
 * master switch, {@code observability.enabled}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ObservabilityProperties.class)
public final class ObservabilityAutoConfiguration {

}
