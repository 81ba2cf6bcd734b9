/**
 * Application code for the profiling tests, outside the packages folded as framework.
 */
@NullMarked
package com.example.profiling;

import org.jspecify.annotations.NullMarked;
