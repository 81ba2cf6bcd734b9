/**
 * Real services for the project's own tests: PostgreSQL, Redis, an S3Proxy server and an
 * in-JVM OTLP/HTTP trace receiver.
 */
@NullMarked
package io.observability.spring.test;

import org.jspecify.annotations.NullMarked;
