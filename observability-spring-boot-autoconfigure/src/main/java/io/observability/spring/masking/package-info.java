/**
 * Properties of the one masking policy for every channel the starter exports: console
 * lines, spans and metric tags.
 */
@NullMarked
package io.observability.spring.masking;

import org.jspecify.annotations.NullMarked;
