package io.observability.spring.profiling.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.observability.spring.profiling.SlowCallThresholds;
import io.observability.spring.profiling.internal.HotFramesObservationFilter;
import io.observability.spring.profiling.internal.ProfilingObservationHandler;
import io.observability.spring.profiling.internal.SlowCallProfiler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link SlowCallProfiler
 * profiling of slow calls}: server requests and {@code @Observed} methods that run past a
 * fraction of their slow threshold get their stacks sampled, and their observation the
 * key value {@value HotFramesObservationFilter#HOT_FRAMES}. Spring Boot registers the
 * handler and the filter with its observation registry.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.profiling.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProfilingProperties.class)
public final class ProfilingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SlowCallProfiler slowCallProfiler(ProfilingProperties properties) {
		return new SlowCallProfiler(properties.getInterval(), properties.getStartFraction(), properties.getMaxSamples(),
				properties.getStackDepth(), properties.getMaxThreads(), properties.getMaxFrames(),
				properties.getFrameworkPackages());
	}

	@Bean
	@ConditionalOnMissingBean
	SlowCallThresholds slowCallThresholds(Environment environment, ApplicationContext context) {
		return ContextTypeSlowCallThresholds.of(environment, context.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	ProfilingObservationHandler profilingObservationHandler(SlowCallProfiler profiler, SlowCallThresholds thresholds) {
		return new ProfilingObservationHandler(profiler, thresholds);
	}

	@Bean
	@ConditionalOnMissingBean
	HotFramesObservationFilter hotFramesObservationFilter(SlowCallProfiler profiler) {
		return new HotFramesObservationFilter(profiler);
	}

}
