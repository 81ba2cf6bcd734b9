/**
 * A new user's application for the {@code @Observed} end-to-end tests, outside the
 * packages folded as framework.
 */
@NullMarked
package com.example.observed;

import org.jspecify.annotations.NullMarked;
