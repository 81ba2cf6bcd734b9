/**
 * JSON console logging through logstash-logback-encoder, with masking of secrets.
 */
@NullMarked
package io.observability.spring.logging;

import org.jspecify.annotations.NullMarked;
