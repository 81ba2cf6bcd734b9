/**
 * Implementation of the logging features, not an API: the count of logged values the JSON
 * formatter replaced, exported as a meter by the auto-configuration. Internal: it may
 * change without notice.
 */
@NullMarked
package io.observability.spring.logging.internal;

import org.jspecify.annotations.NullMarked;
