package io.observability.spring.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Matches a request's path within the application against {@link PathPattern path
 * patterns}, parsed once. Patterns of the common form {@code /literal/**} are matched by
 * prefix, so that the usual case allocates nothing per request.
 * <p>
 * The path is matched as the server and Spring MVC resolve it, not as it was sent:
 * percent-decoded, without {@code ;} path parameters, empty segments and dot segments, so
 * that {@code /%61ctuator/health}, {@code //actuator/health;x=1} and
 * {@code /x/../actuator/health} match {@code /actuator/**}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class RequestPathMatcher {

	private static final PathContainer.Options RAW_SEGMENTS = PathContainer.Options.create('/', false);

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
		String contextPath = request.getContextPath();
		int start = contextPath.length();
		if (!isNormalized(uri) || !isNormalized(contextPath)) {
			uri = normalize(uri);
			contextPath = normalize(contextPath);
			start = contextPath.length();
		}
		if (!isUnder(uri, contextPath, 0)) {
			return false;
		}
		for (String prefix : this.prefixes) {
			if (isUnder(uri, prefix, start)) {
				return true;
			}
		}
		if (!this.patterns.isEmpty()) {
			PathContainer path = PathContainer.parsePath(uri.substring(start), RAW_SEGMENTS);
			for (PathPattern pattern : this.patterns) {
				if (pattern.matches(path)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean isUnder(String path, String prefix, int start) {
		if (!path.startsWith(prefix, start)) {
			return false;
		}
		int end = start + prefix.length();
		return path.length() == end || path.charAt(end) == '/';
	}

	private static boolean isNormalized(String uri) {
		return uri.indexOf('%') < 0 && uri.indexOf(';') < 0 && !uri.contains("//") && !uri.contains("/.");
	}

	/**
	 * Return a raw request path as the server maps it: each segment without its path
	 * parameters and percent-decoded, empty and {@code .} segments removed, {@code ..}
	 * segments applied.
	 * @param rawPath the path as sent, for example {@code /%61ctuator//health;x=1}
	 * @return the normalized path, for example {@code /actuator/health}
	 */
	static String normalize(String rawPath) {
		Deque<String> segments = new ArrayDeque<>();
		boolean trailingSlash = false;
		for (String raw : rawPath.split("/", -1)) {
			int parameters = raw.indexOf(';');
			String segment = decode((parameters >= 0) ? raw.substring(0, parameters) : raw);
			trailingSlash = segment.isEmpty() || ".".equals(segment) || "..".equals(segment);
			if ("..".equals(segment)) {
				segments.pollLast();
			}
			else if (!trailingSlash) {
				segments.addLast(segment);
			}
		}
		StringBuilder path = new StringBuilder(rawPath.length());
		segments.forEach((segment) -> path.append('/').append(segment));
		if (trailingSlash && !segments.isEmpty()) {
			path.append('/');
		}
		return path.toString();
	}

	private static String decode(String segment) {
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		try {
			return StringUtils.uriDecode(segment, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Not valid percent-encoding: the server rejects it or maps it as sent
			return segment;
		}
	}

	/**
	 * Return this matcher as a predicate.
	 * @return a predicate that matches the same requests
	 */
	public Predicate<HttpServletRequest> asPredicate() {
		return this::matches;
	}

}
