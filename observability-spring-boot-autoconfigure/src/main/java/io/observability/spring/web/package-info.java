/**
 * Request correlation and timing for servlet applications: request IDs, the access log,
 * {@code Server-Timing} and the observation of inbound HTTP requests.
 */
@NullMarked
package io.observability.spring.web;

import org.jspecify.annotations.NullMarked;
