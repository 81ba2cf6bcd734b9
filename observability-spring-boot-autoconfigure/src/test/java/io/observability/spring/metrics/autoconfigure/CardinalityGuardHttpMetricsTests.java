package io.observability.spring.metrics.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.observability.spring.autoconfigure.ObservabilityDefaultsEnvironmentPostProcessor;
import io.observability.spring.metrics.internal.CardinalityGuardMeterFilter;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.metrics.HttpClientMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.client.ExpectedCount;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for the cardinality guard together with Spring Boot's caps on the {@code uri} tag
 * of HTTP metrics ({@code management.metrics.web.*.max-uri-tags}), which both apply: the
 * guard replaces values beyond its maximum by {@code OTHER}, which it counts among its
 * maximum, and Boot denies meters with a value beyond its own cap, {@code OTHER}
 * included. With both at their default of 100, no request is lost; a guard maximum above
 * Boot's cap lets Boot deny meters first.
 *
 * @author Observability Spring Boot contributors
 */
class CardinalityGuardHttpMetricsTests {

	private static final int DISTINCT_URIS = 150;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withInitializer((context) -> new ObservabilityDefaultsEnvironmentPostProcessor()
			.postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
		.withConfiguration(AutoConfigurations.of(CardinalityGuardAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, ObservationAutoConfiguration.class,
				WebMvcObservationAutoConfiguration.class, HttpClientMetricsAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class));

	@Test
	void everyServerRequestIsRecordedWithTheDefaults() {
		this.contextRunner.run((context) -> {
			sendServerRequests(context);
			assertEveryRequestIsRecorded(context.getBean(MeterRegistry.class), "http.server.requests");
		});
	}

	@Test
	void serverRequestsBeyondSpringBootsCapAreCountedOnlyAsOverflowsWhenTheGuardAllowsMore() {
		this.contextRunner.withPropertyValues("observability.metrics.max-tag-values=200").run((context) -> {
			sendServerRequests(context);
			assertOnlyCappedRequestsAreRecorded(context.getBean(MeterRegistry.class), "http.server.requests");
		});
	}

	private void sendServerRequests(AssertableWebApplicationContext context) throws Exception {
		RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
				RequestMappingHandlerMapping.class);
		Items items = new Items();
		for (int i = 0; i < DISTINCT_URIS; i++) {
			mapping.registerMapping(RequestMappingInfo.paths("/items/" + i)
				.methods(RequestMethod.GET)
				.options(mapping.getBuilderConfiguration())
				.build(), items, Items.class.getDeclaredMethod("item"));
		}
		Filter observationFilter = context.getBean(FilterRegistrationBean.class).getFilter();
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).addFilters(observationFilter).build();
		for (int i = 0; i < DISTINCT_URIS; i++) {
			mvc.perform(get("/items/" + i)).andExpect(status().isOk());
		}
	}

	@Test
	void everyClientRequestIsRecordedWithTheDefaults() {
		this.contextRunner.run((context) -> {
			sendClientRequests(context);
			assertEveryRequestIsRecorded(context.getBean(MeterRegistry.class), "http.client.requests");
		});
	}

	@Test
	void clientRequestsBeyondSpringBootsCapAreCountedOnlyAsOverflowsWhenTheGuardAllowsMore() {
		this.contextRunner.withPropertyValues("observability.metrics.max-tag-values=200").run((context) -> {
			sendClientRequests(context);
			assertOnlyCappedRequestsAreRecorded(context.getBean(MeterRegistry.class), "http.client.requests");
		});
	}

	private void sendClientRequests(AssertableWebApplicationContext context) {
		RestClient.Builder builder = RestClient.builder()
			.baseUrl("http://localhost")
			.observationRegistry(context.getBean(ObservationRegistry.class));
		MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
		server.expect(ExpectedCount.times(DISTINCT_URIS), (request) -> {
		}).andRespond(withSuccess());
		RestClient client = builder.build();
		for (int i = 0; i < DISTINCT_URIS; i++) {
			client.get().uri("/items/" + i).retrieve().toBodilessEntity();
		}
		server.verify();
	}

	private void assertOnlyCappedRequestsAreRecorded(MeterRegistry registry, String meterName) {
		assertThat(registry.find(meterName).timers()).hasSize(100);
		assertThat(registry.find(meterName).timers().stream().mapToLong(Timer::count).sum()).isEqualTo(100);
		assertThat(registry.find(meterName).tag("uri", CardinalityGuardMeterFilter.OVERFLOW_TAG_VALUE).timer())
			.isNull();
	}

	private void assertEveryRequestIsRecorded(MeterRegistry registry, String meterName) {
		// 99 URIs and OTHER: as many values as Spring Boot's cap allows
		assertThat(registry.find(meterName).timers()).hasSize(100);
		assertThat(registry.find(meterName).timers().stream().mapToLong(Timer::count).sum()).isEqualTo(DISTINCT_URIS);
		assertThat(registry.get(meterName).tag("uri", CardinalityGuardMeterFilter.OVERFLOW_TAG_VALUE).timer().count())
			.isEqualTo(DISTINCT_URIS - 99);
		assertThat(registry.get(CardinalityGuardMeterFilter.OVERFLOW_METER_NAME)
			.tags("meter", meterName, "tag", "uri")
			.functionCounter()
			.count()).isEqualTo(DISTINCT_URIS - 99);
	}

	static class Items {

		ResponseEntity<String> item() {
			return ResponseEntity.ok("item");
		}

	}

}
