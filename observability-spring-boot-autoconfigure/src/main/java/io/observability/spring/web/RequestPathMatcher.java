package io.observability.spring.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Matches a request's path within the application against {@link PathPattern path
 * patterns}, parsed once. Patterns of the common form {@code /literal/**} are matched by
 * prefix, so that the usual case allocates nothing per request.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class RequestPathMatcher {

	private static final RequestPathMatcher NONE = new RequestPathMatcher(List.of(), List.of());

	private final List<String> prefixes;

	private final List<PathPattern> patterns;

	private RequestPathMatcher(List<String> prefixes, List<PathPattern> patterns) {
		this.prefixes = prefixes;
		this.patterns = patterns;
	}

	/**
	 * Create a matcher for the given patterns.
	 * @param patterns the path patterns, for example {@code /actuator/**}
	 * @return the matcher
	 * @throws org.springframework.web.util.pattern.PatternParseException if a pattern is
	 * malformed
	 */
	public static RequestPathMatcher of(List<String> patterns) {
		if (patterns.isEmpty()) {
			return NONE;
		}
		List<String> prefixes = new ArrayList<>();
		List<PathPattern> parsed = new ArrayList<>();
		for (String pattern : patterns) {
			// Parsed in every case, so that a malformed pattern fails here
			PathPattern pathPattern = PathPatternParser.defaultInstance.parse(pattern);
			String base = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : "";
			if (!base.isEmpty() && isLiteral(base)) {
				prefixes.add(base);
			}
			else {
				parsed.add(pathPattern);
			}
		}
		return new RequestPathMatcher(List.copyOf(prefixes), List.copyOf(parsed));
	}

	private static boolean isLiteral(String path) {
		return path.chars().noneMatch((c) -> c == '*' || c == '?' || c == '{' || c == '}');
	}

	/**
	 * Return whether the request's path within the application matches a pattern.
	 * @param request the request
	 * @return whether the request matches
	 */
	public boolean matches(HttpServletRequest request) {
		if (this.prefixes.isEmpty() && this.patterns.isEmpty()) {
			return false;
		}
		String uri = request.getRequestURI();
		int start = request.getContextPath().length();
		for (String prefix : this.prefixes) {
			if (uri.startsWith(prefix, start)) {
				int end = start + prefix.length();
				if (uri.length() == end || uri.charAt(end) == '/') {
					return true;
				}
			}
		}
		if (!this.patterns.isEmpty()) {
			PathContainer path = PathContainer.parsePath(uri.substring(start));
			for (PathPattern pattern : this.patterns) {
				if (pattern.matches(path)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Return this matcher as a predicate.
	 * @return a predicate that matches the same requests
	 */
	public Predicate<HttpServletRequest> asPredicate() {
		return this::matches;
	}

}
