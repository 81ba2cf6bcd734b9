package io.observability.spring.web;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Access to the ID of the request being handled, for example to put it into an outgoing
 * message or event.
 * <p>
 * The starter's request ID filter puts the ID in the {@link MDC} under {@value #MDC_KEY}
 * for the whole request, and Micrometer's context propagation carries it onto
 * {@code @Async} and task executor threads, so {@link #current()} answers wherever the
 * request's work runs.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class RequestId {

	/**
	 * MDC key under which the current request ID is kept.
	 */
	public static final String MDC_KEY = "request_id";

	/**
	 * Name of the request attribute that holds the request ID.
	 */
	public static final String REQUEST_ATTRIBUTE = RequestId.class.getName();

	/**
	 * Longest accepted incoming request ID.
	 */
	public static final int MAX_LENGTH = 128;

	private static final boolean[] ALLOWED = allowedCharacters();

	private RequestId() {
	}

	/**
	 * Return the ID of the request handled by the current thread, if any.
	 * @return the current request ID
	 */
	public static Optional<String> current() {
		return Optional.ofNullable(MDC.get(MDC_KEY));
	}

	/**
	 * Return the ID that the starter's request ID filter gave a request.
	 * @param request the request
	 * @return the request ID, or {@code null} if the request was not filtered
	 */
	public static @Nullable String of(ServletRequest request) {
		return (request.getAttribute(REQUEST_ATTRIBUTE) instanceof String id) ? id : null;
	}

	/**
	 * Return whether a value is acceptable as a request ID: 1 to {@value #MAX_LENGTH}
	 * characters of {@code A-Z a-z 0-9 . _ : @ / + = -}. Anything else (control
	 * characters, quotes, spaces, non-ASCII) could break a log line or a header.
	 * @param value the candidate value
	 * @return whether the value is valid
	 */
	public static boolean isValid(@Nullable CharSequence value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= ALLOWED.length || !ALLOWED[c]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Generate a new request ID: a time-ordered UUID, version 7 (RFC 9562), so that IDs
	 * sort by creation time in logs and indexes.
	 * @return a new request ID
	 */
	public static String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long timestamp = System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL;
		long mostSignificant = (timestamp << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(mostSignificant, leastSignificant).toString();
	}

	private static boolean[] allowedCharacters() {
		boolean[] allowed = new boolean[128];
		for (char c = 'a'; c <= 'z'; c++) {
			allowed[c] = true;
			allowed[Character.toUpperCase(c)] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			allowed[c] = true;
		}
		for (char c : "._:@/+=-".toCharArray()) {
			allowed[c] = true;
		}
		return allowed;
	}

}
