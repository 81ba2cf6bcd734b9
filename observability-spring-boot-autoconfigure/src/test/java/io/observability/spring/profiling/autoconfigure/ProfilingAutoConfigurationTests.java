package io.observability.spring.profiling.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.aop.ObservedAspect;
import io.observability.spring.profiling.SlowCallThresholds;
import io.observability.spring.profiling.internal.HotFramesObservationFilter;
import io.observability.spring.profiling.internal.ProfilingObservationHandler;
import io.observability.spring.profiling.internal.SlowCallProfiler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProfilingAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
class ProfilingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProfilingAutoConfiguration.class, ObservationAutoConfiguration.class));

	@Test
	void runShouldProfileSlowCallsByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SlowCallProfiler.class)
				.hasSingleBean(SlowCallThresholds.class)
				.hasSingleBean(ProfilingObservationHandler.class)
				.hasSingleBean(HotFramesObservationFilter.class);
			Observation observation = Observation.start("test", context.getBean(ObservationRegistry.class));
			assertThat(observation.getContext().getName()).isEqualTo("test");
			observation.stop();
		});
	}

	@Test
	void runWhenDisabledShouldNotProfile() {
		this.contextRunner.withPropertyValues("observability.profiling.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SlowCallProfiler.class)
				.doesNotHaveBean(ProfilingObservationHandler.class)
				.doesNotHaveBean(HotFramesObservationFilter.class));
	}

	@Test
	void runWhenStarterIsDisabledShouldNotProfile() {
		this.contextRunner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SlowCallProfiler.class));
	}

	@Test
	void runWithoutMicrometerObservationShouldNotProfile() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SlowCallProfiler.class));
	}

	@Test
	void runWithUserBeansShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserConfiguration.class).run((context) -> {
			assertThat(context.getBean(SlowCallProfiler.class)).isSameAs(context.getBean("userProfiler"));
			assertThat(context.getBean(SlowCallThresholds.class)).isSameAs(context.getBean("userThresholds"));
		});
	}

	@Test
	void thresholdsAreTheRequestAndOperationSlowThresholds() {
		this.contextRunner
			.withPropertyValues("observability.web.slow-request-threshold=250ms",
					"observability.operations.slow-threshold=2s")
			.run((context) -> {
				SlowCallThresholds thresholds = context.getBean(SlowCallThresholds.class);
				assertThat(thresholds.thresholdFor(new ServerRequestObservationContext(new MockHttpServletRequest(),
						new MockHttpServletResponse())))
					.isEqualTo(Duration.ofMillis(250));
				assertThat(thresholds.thresholdFor(new ObservedAspect.ObservedAspectContext(null)))
					.isEqualTo(Duration.ofSeconds(2));
				assertThat(thresholds.thresholdFor(new Observation.Context())).isNull();
			});
	}

	@Test
	void thresholdsDefaultToOneSecond() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(SlowCallThresholds.class).thresholdFor(new ObservedAspect.ObservedAspectContext(null)))
			.isEqualTo(Duration.ofSeconds(1)));
	}

	@Test
	void badValuesFailAtStartupNamingTheProperty() {
		for (String property : List.of("start-fraction=1.5", "interval=0ms", "max-samples=0", "stack-depth=-1",
				"max-frames=0", "max-threads=0")) {
			this.contextRunner.withPropertyValues("observability.profiling." + property)
				.run((context) -> assertThat(context).hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("observability.profiling." + property.substring(0, property.indexOf('='))));
		}
	}

	@Test
	void profilerThreadStopsWithTheContext() {
		Set<Thread> before = profilerThreads();
		this.contextRunner.withPropertyValues("observability.operations.slow-threshold=1h").run((context) -> {
			Observation
				.createNotStarted("test", () -> new ObservedAspect.ObservedAspectContext(null),
						context.getBean(ObservationRegistry.class))
				.observe(() -> {
				});
			Set<Thread> started = profilerThreads();
			started.removeAll(before);
			assertThat(started).hasSize(1);
			context.close();
			Thread watchdog = started.iterator().next();
			watchdog.join(Duration.ofSeconds(30).toMillis());
			assertThat(watchdog.isAlive()).isFalse();
		});
	}

	private static Set<Thread> profilerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("observability-slow-call-profiler"))
			.collect(Collectors.toCollection(HashSet::new));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConfiguration {

		@Bean
		SlowCallProfiler userProfiler() {
			return new SlowCallProfiler(Duration.ofMillis(50), 0.8, 10, 64, 1, 1, List.of());
		}

		@Bean
		SlowCallThresholds userThresholds() {
			return (context) -> null;
		}

	}

}
