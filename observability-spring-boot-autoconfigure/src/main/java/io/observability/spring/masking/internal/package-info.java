/**
 * Implementation of masking, not an API: the masking policy and its application to spans
 * and metric tags, created by the auto-configuration from the masking properties.
 * Internal: it may change without notice.
 */
@NullMarked
package io.observability.spring.masking.internal;

import org.jspecify.annotations.NullMarked;
