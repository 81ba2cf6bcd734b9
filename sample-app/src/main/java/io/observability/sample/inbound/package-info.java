/**
 * Inbound messages (email, EDI, API) that carry order documents.
 */
@NullMarked
package io.observability.sample.inbound;

import org.jspecify.annotations.NullMarked;
