/**
 * Auto-configuration of the masking of spans and metric tags.
 */
@NullMarked
package io.observability.spring.masking.autoconfigure;

import org.jspecify.annotations.NullMarked;
