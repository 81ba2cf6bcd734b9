package io.observability.spring.web.autoconfigure;

import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.observability.spring.web.RequestIdClientHttpRequestInterceptor;
import io.observability.spring.web.RequestIdExchangeFilterFunction;
import io.observability.spring.web.internal.ExcludedPathsObservationPredicate;
import io.observability.spring.web.internal.RequestIdFilter;
import io.observability.spring.web.internal.RequestIdObservationFilter;
import io.observability.spring.web.internal.RequestTimingFilter;
import io.observability.spring.web.internal.TracerTraceResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WebObservabilityAutoConfiguration}.
 *
 * @author Observability Spring Boot contributors
 */
class WebObservabilityAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebObservabilityAutoConfiguration.class));

	@Test
	void runShouldRegisterBothFiltersAroundTheObservationFilter() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("requestIdFilter").hasBean("requestTimingFilter");
			FilterRegistrationBean<?> requestId = context.getBean("requestIdFilter", FilterRegistrationBean.class);
			FilterRegistrationBean<?> timing = context.getBean("requestTimingFilter", FilterRegistrationBean.class);
			assertThat(requestId.getFilter()).isInstanceOf(RequestIdFilter.class);
			assertThat(requestId.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
			assertThat(timing.getFilter()).isInstanceOf(RequestTimingFilter.class);
			assertThat(timing.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE + 2);
		});
	}

	@Test
	void runShouldConfigurePropagationAndObservationSupport() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(RequestIdObservationFilter.class)
			.hasSingleBean(RequestIdClientHttpRequestInterceptor.class)
			.hasBean("requestIdRestClientCustomizer")
			.hasBean("requestIdRestTemplateCustomizer")
			.hasSingleBean(RequestIdExchangeFilterFunction.class)
			.hasSingleBean(ExcludedPathsObservationPredicate.class));
	}

	@Test
	void runShouldExcludeActuatorRequestsFromObservationsByDefault() {
		this.contextRunner.withPropertyValues("management.endpoints.web.base-path=/manage").run((context) -> {
			ExcludedPathsObservationPredicate predicate = context.getBean(ExcludedPathsObservationPredicate.class);
			assertThat(predicate.test("http.server.requests", serverContext("/manage/health"))).isFalse();
			assertThat(predicate.test("http.server.requests", serverContext("/api/orders"))).isTrue();
			assertThat(predicate.test("orders.match", new Observation.Context())).isTrue();
		});
	}

	@Test
	void runWithServletPathShouldExcludeActuatorRequestsUnderIt() {
		this.contextRunner.withPropertyValues("spring.mvc.servlet.path=/svc/").run((context) -> {
			ExcludedPathsObservationPredicate predicate = context.getBean(ExcludedPathsObservationPredicate.class);
			assertThat(predicate.test("http.server.requests", serverContext("/svc/actuator/health"))).isFalse();
			assertThat(predicate.test("http.server.requests", serverContext("/svc/api/orders"))).isTrue();
		});
	}

	@Test
	void runWithExcludedPathsShouldUseThem() {
		this.contextRunner.withPropertyValues("observability.web.excluded-paths=/internal/**").run((context) -> {
			ExcludedPathsObservationPredicate predicate = context.getBean(ExcludedPathsObservationPredicate.class);
			assertThat(predicate.test("http.server.requests", serverContext("/internal/x"))).isFalse();
			assertThat(predicate.test("http.server.requests", serverContext("/actuator/health"))).isTrue();
		});
	}

	@Test
	void runWithActuatorAtTheRootShouldExcludeNothingByDefault() {
		this.contextRunner.withPropertyValues("management.endpoints.web.base-path=/").run((context) -> {
			ExcludedPathsObservationPredicate predicate = context.getBean(ExcludedPathsObservationPredicate.class);
			assertThat(predicate.test("http.server.requests", serverContext("/api/orders"))).isTrue();
		});
	}

	@Test
	void runWhenObservingExcludedPathsShouldNotRegisterThePredicate() {
		this.contextRunner.withPropertyValues("observability.web.observe-excluded-paths=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ExcludedPathsObservationPredicate.class));
	}

	@Test
	void runWhenWebIsDisabledShouldConfigureNothing() {
		this.contextRunner.withPropertyValues("observability.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebObservabilityProperties.class)
				.doesNotHaveBean("requestIdFilter")
				.doesNotHaveBean("requestTimingFilter"));
	}

	@Test
	void runWhenStarterIsDisabledShouldConfigureNothing() {
		this.contextRunner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebObservabilityProperties.class));
	}

	@Test
	void runWhenRequestIdIsDisabledShouldKeepTiming() {
		this.contextRunner.withPropertyValues("observability.web.request-id.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("requestIdFilter")
				.doesNotHaveBean(RequestIdObservationFilter.class)
				.doesNotHaveBean(RequestIdClientHttpRequestInterceptor.class)
				.hasBean("requestTimingFilter"));
	}

	@Test
	void runWhenPropagationIsDisabledShouldNotTouchClients() {
		this.contextRunner.withPropertyValues("observability.web.request-id.propagate=false")
			.run((context) -> assertThat(context).hasBean("requestIdFilter")
				.doesNotHaveBean(RequestIdClientHttpRequestInterceptor.class)
				.doesNotHaveBean(RequestIdExchangeFilterFunction.class)
				.doesNotHaveBean(RestClientCustomizer.class));
	}

	@Test
	void runWhenTimingIsDisabledShouldKeepRequestIds() {
		this.contextRunner.withPropertyValues("observability.web.timing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("requestTimingFilter").hasBean("requestIdFilter"));
	}

	@Test
	void runShouldNotAddTraceResponseHeaderByDefault() {
		this.contextRunner.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context).doesNotHaveBean(TracerTraceResponse.class));
	}

	@Test
	void runWithTraceResponseHeaderShouldUseTheTracer() {
		this.contextRunner.withBean(Tracer.class, () -> Tracer.NOOP)
			.withPropertyValues("observability.web.timing.trace-response-header=true")
			.run((context) -> assertThat(context).hasSingleBean(TracerTraceResponse.class));
	}

	@Test
	void runWithUserFiltersShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserFiltersConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean("requestIdFilter").doesNotHaveBean("requestTimingFilter");
			assertThat(context.getBean("userRequestIdFilter", FilterRegistrationBean.class).getFilter())
				.isSameAs(UserFiltersConfiguration.REQUEST_ID_FILTER);
		});
	}

	@Test
	void runWithUserCollaboratorsShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserCollaboratorsConfiguration.class)
			.run((context) -> assertThat(context.getBean(RequestIdClientHttpRequestInterceptor.class))
				.isSameAs(UserCollaboratorsConfiguration.INTERCEPTOR));
	}

	@Test
	void runWithoutWebClientShouldStillPropagateOnRestClients() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RequestIdExchangeFilterFunction.class)
				.hasSingleBean(RequestIdClientHttpRequestInterceptor.class));
	}

	@Test
	void runWithoutRestClientsShouldStillPropagateOnWebClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RestClientCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RequestIdClientHttpRequestInterceptor.class)
				.hasSingleBean(RequestIdExchangeFilterFunction.class));
	}

	@Test
	void runWithoutSpringWebShouldConfigureNothing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OncePerRequestFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebObservabilityProperties.class));
	}

	@Test
	void runInNonWebApplicationShouldConfigureNothing() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebObservabilityAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebObservabilityProperties.class));
	}

	@Test
	void runWithInvalidResponseHeaderShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.web.request-id.response-header=X Request ID")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.web.request-id.response-header")
				.hasMessageContaining("not a valid HTTP header name"));
	}

	@Test
	void runWithEmptyIncomingHeaderShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.web.request-id.incoming-headers=X-Request-ID,,")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.web.request-id.incoming-headers"));
	}

	@Test
	void runWithNegativeSlowThresholdShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.web.slow-request-threshold=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.web.slow-request-threshold"));
	}

	@Test
	void runWithRelativeExcludedPathShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("observability.web.excluded-paths=actuator/**")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("observability.web.excluded-paths"));
	}

	private static ServerRequestObservationContext serverContext(String uri) {
		return new ServerRequestObservationContext(new MockHttpServletRequest("GET", uri),
				new MockHttpServletResponse());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFiltersConfiguration {

		static final RequestIdFilter REQUEST_ID_FILTER = new RequestIdFilter(List.of("X-Trace"), null);

		@Bean
		FilterRegistrationBean<RequestIdFilter> userRequestIdFilter() {
			return new FilterRegistrationBean<>(REQUEST_ID_FILTER);
		}

		@Bean
		FilterRegistrationBean<RequestTimingFilter> userTimingFilter() {
			return new FilterRegistrationBean<>(new RequestTimingFilter(false, null));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCollaboratorsConfiguration {

		static final RequestIdClientHttpRequestInterceptor INTERCEPTOR = new RequestIdClientHttpRequestInterceptor(
				"X-Trace");

		@Bean
		RequestIdClientHttpRequestInterceptor userInterceptor() {
			return INTERCEPTOR;
		}

	}

}
