/**
 * Auto-configuration for annotated domain operations.
 */
@NullMarked
package io.observability.spring.operation.autoconfigure;

import org.jspecify.annotations.NullMarked;
