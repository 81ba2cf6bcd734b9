/**
 * Auto-configuration and defaults that apply to the whole observability starter.
 */
@NullMarked
package io.observability.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
