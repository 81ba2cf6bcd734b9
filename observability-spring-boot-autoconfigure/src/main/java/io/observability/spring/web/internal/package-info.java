/**
 * Implementation of the web features, not an API: the request ID and timing filters, the
 * access log and the observation of inbound HTTP requests, created by the
 * auto-configuration.
 */
@NullMarked
package io.observability.spring.web.internal;

import org.jspecify.annotations.NullMarked;
