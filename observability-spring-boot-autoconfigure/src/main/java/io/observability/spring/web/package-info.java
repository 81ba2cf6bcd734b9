/**
 * Request correlation for servlet applications, the API: {@link RequestId} and the
 * request ID propagators for outbound {@code RestClient}/{@code RestTemplate} and
 * {@code WebClient} calls. The filters, the access log and the observation of inbound
 * HTTP requests are in the {@code internal} package.
 */
@NullMarked
package io.observability.spring.web;

import org.jspecify.annotations.NullMarked;
