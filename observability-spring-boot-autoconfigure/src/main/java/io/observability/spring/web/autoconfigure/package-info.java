/**
 * Auto-configuration for request correlation and timing in servlet applications.
 */
@NullMarked
package io.observability.spring.web.autoconfigure;

import org.jspecify.annotations.NullMarked;
