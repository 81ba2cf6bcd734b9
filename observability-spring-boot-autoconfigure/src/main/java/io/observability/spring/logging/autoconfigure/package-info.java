/**
 * Set-up of JSON console logging before the application context exists.
 */
@NullMarked
package io.observability.spring.logging.autoconfigure;

import org.jspecify.annotations.NullMarked;
