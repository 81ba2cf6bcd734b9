package io.observability.spring.web.autoconfigure;

import io.micrometer.core.instrument.Clock;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.observability.spring.web.RequestIdClientHttpRequestInterceptor;
import io.observability.spring.web.RequestIdExchangeFilterFunction;
import io.observability.spring.web.internal.AccessLogObservationHandler;
import io.observability.spring.web.internal.ExcludedPathsObservationPredicate;
import io.observability.spring.web.internal.RequestIdFilter;
import io.observability.spring.web.internal.RequestIdObservationFilter;
import io.observability.spring.web.internal.RequestTimingFilter;
import io.observability.spring.web.internal.TracerTraceResponse;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for request correlation and timing
 * in servlet web applications: the request ID and timing filters, request ID propagation
 * and the exclusion of actuator traffic from HTTP server observations.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebObservabilityProperties.class)
public final class WebObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.web.request-id.enabled", matchIfMissing = true)
	static class RequestIdConfiguration {

		@Bean
		@ConditionalOnMissingFilterBean(RequestIdFilter.class)
		FilterRegistrationBean<RequestIdFilter> requestIdFilter(WebObservabilityProperties properties) {
			WebObservabilityProperties.RequestId requestId = properties.getRequestId();
			RequestIdFilter filter = new RequestIdFilter(requestId.getIncomingHeaders(),
					requestId.isEcho() ? requestId.getResponseHeader() : null);
			FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(RequestIdFilter.DEFAULT_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
			return registration;
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ ObservationFilter.class, ServerRequestObservationContext.class })
		static class RequestIdObservationConfiguration {

			@Bean
			@ConditionalOnMissingBean
			RequestIdObservationFilter requestIdObservationFilter() {
				return new RequestIdObservationFilter();
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBooleanProperty(name = "observability.web.request-id.propagate", matchIfMissing = true)
		static class RequestIdPropagationConfiguration {

			@Configuration(proxyBeanMethods = false)
			@ConditionalOnClass(RestClientCustomizer.class)
			static class RestClientPropagationConfiguration {

				@Bean
				@ConditionalOnMissingBean
				RequestIdClientHttpRequestInterceptor requestIdClientHttpRequestInterceptor(
						WebObservabilityProperties properties) {
					return new RequestIdClientHttpRequestInterceptor(properties.getRequestId().getOutboundHeader());
				}

				@Bean
				RestClientCustomizer requestIdRestClientCustomizer(RequestIdClientHttpRequestInterceptor interceptor) {
					return (builder) -> builder.requestInterceptor(interceptor);
				}

				@Bean
				RestTemplateCustomizer requestIdRestTemplateCustomizer(
						RequestIdClientHttpRequestInterceptor interceptor) {
					return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
				}

			}

			@Configuration(proxyBeanMethods = false)
			@ConditionalOnClass(WebClient.class)
			static class WebClientPropagationConfiguration {

				@Bean
				@ConditionalOnMissingBean
				RequestIdExchangeFilterFunction requestIdExchangeFilterFunction(WebObservabilityProperties properties) {
					return new RequestIdExchangeFilterFunction(properties.getRequestId().getOutboundHeader());
				}

				@Bean
				static BeanPostProcessor requestIdWebClientBuilderPostProcessor(
						ObjectProvider<RequestIdExchangeFilterFunction> filterFunction) {
					return new BeanPostProcessor() {

						@Override
						public Object postProcessAfterInitialization(Object bean, String beanName) {
							if (bean instanceof WebClient.Builder builder) {
								builder.filter(filterFunction.getObject());
							}
							return bean;
						}

					};
				}

			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "observability.web.timing.enabled", matchIfMissing = true)
	static class TimingConfiguration {

		@Bean
		@ConditionalOnMissingFilterBean(RequestTimingFilter.class)
		FilterRegistrationBean<RequestTimingFilter> requestTimingFilter(WebObservabilityProperties properties,
				ObjectProvider<TracerTraceResponse> traceResponse) {
			WebObservabilityProperties.Timing timing = properties.getTiming();
			RequestTimingFilter filter = new RequestTimingFilter(timing.isServerTimingHeader(),
					timing.isTraceResponseHeader() ? traceResponse.getIfAvailable() : null);
			FilterRegistrationBean<RequestTimingFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(RequestTimingFilter.DEFAULT_ORDER);
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			return registration;
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(Tracer.class)
		@ConditionalOnBooleanProperty(name = "observability.web.timing.trace-response-header")
		static class TraceResponseConfiguration {

			@Bean
			@ConditionalOnBean(Tracer.class)
			@ConditionalOnMissingBean
			TracerTraceResponse tracerTraceResponse(Tracer tracer) {
				return new TracerTraceResponse(tracer);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ObservationHandler.class, ServerRequestObservationContext.class, Clock.class })
	@ConditionalOnBooleanProperty(name = "observability.web.access-log.enabled", matchIfMissing = true)
	static class AccessLogConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AccessLogObservationHandler accessLogObservationHandler(WebObservabilityProperties properties,
				Environment environment, ObjectProvider<Clock> clock) {
			return new AccessLogObservationHandler(clock.getIfAvailable(() -> Clock.SYSTEM),
					properties.getSlowRequestThreshold(), ExcludedPaths.matcher(properties, environment).asPredicate());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ObservationPredicate.class, ServerRequestObservationContext.class })
	@ConditionalOnBooleanProperty(name = "observability.web.observe-excluded-paths", havingValue = false,
			matchIfMissing = true)
	static class ExcludedPathsObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ExcludedPathsObservationPredicate excludedPathsObservationPredicate(WebObservabilityProperties properties,
				Environment environment) {
			return new ExcludedPathsObservationPredicate(ExcludedPaths.matcher(properties, environment));
		}

	}

}
