/**
 * Order-intake service that shows the observability starter at work.
 */
@NullMarked
package io.observability.sample;

import org.jspecify.annotations.NullMarked;
