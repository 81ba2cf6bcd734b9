/**
 * Implementation shared by several features, not an API: classes here are public only so
 * that the feature packages can reach them.
 */
@NullMarked
package io.observability.spring.internal;

import org.jspecify.annotations.NullMarked;
