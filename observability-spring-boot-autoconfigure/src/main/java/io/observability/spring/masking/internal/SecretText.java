package io.observability.spring.masking.internal;

import org.jspecify.annotations.Nullable;

/**
 * Finds secrets written as text: the value after a secret name and {@code =} or {@code :}
 * ({@code db_password=x}, {@code "clientSecret": "a b"}, {@code X-Api-Key: k},
 * {@code {\"password\":\"x\"}}), the credentials after {@code Bearer} and {@code Basic},
 * and the password of a URL's user info ({@code jdbc:postgresql://app:pw@db/x},
 * {@code redis://:pw@host}). A quoted value is masked up to its closing quote, escaped
 * quotes and spaces included; a value in braces or brackets up to the matching one; an
 * authorization value with its scheme; a cookie value with every cookie of the header;
 * other values end at a space, a quote, a backslash or one of {@code & , ; ) ] } >},
 * which stay.
 *
 * @author Observability Spring Boot contributors
 */
final class SecretText {

	private static final String AUTHORIZATION = "authorization";

	private static final String COOKIE = "cookie";

	private final SecretNames names;

	private final String replacement;

	SecretText(SecretNames names, String replacement) {
		this.names = names;
		this.replacement = replacement;
	}

	/**
	 * Mask the secrets of the given text.
	 * @param text the text
	 * @return the masked text, or {@code null} when nothing was masked
	 */
	@Nullable String mask(String text) {
		StringBuilder masked = null;
		int copied = 0;
		int length = text.length();
		for (int position = nextCandidate(text, 0); position >= 0
				&& position < length; position = nextCandidate(text, position + 1)) {
			if (position < copied) {
				continue;
			}
			char separator = text.charAt(position);
			int valueStart;
			int valueEnd;
			if (separator == '/') {
				// "://": the user info of a URL, up to the last '@' of its authority
				valueStart = userInfoPassword(text, position + 2);
				valueEnd = (valueStart >= 0) ? text.lastIndexOf('@', authorityEnd(text, position + 2)) : -1;
			}
			else if (separator == ' ') {
				valueStart = isScheme(text, position, copied) ? skip(text, position, ' ') : -1;
				valueEnd = (valueStart >= 0) ? schemeValueEnd(text, valueStart) : -1;
			}
			else {
				int nameEnd = nameEnd(text, position, copied);
				int nameStart = nameStart(text, nameEnd, copied);
				if (nameStart == nameEnd || !this.names.isSecret(text, nameStart, nameEnd)) {
					continue;
				}
				int[] value = value(text, position + 1, normalizedWord(text, nameStart, nameEnd));
				valueStart = value[0];
				valueEnd = value[1];
			}
			if (valueStart >= copied && valueEnd > valueStart) {
				masked = (masked != null) ? masked : new StringBuilder(length + this.replacement.length());
				masked.append(text, copied, valueStart).append(this.replacement);
				copied = valueEnd;
			}
		}
		return (masked != null) ? masked.append(text, copied, length).toString() : null;
	}

	// The next '=', ':', ' ' or "://"
	private static int nextCandidate(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char character = text.charAt(i);
			if (character == '=' || character == ' ') {
				return i;
			}
			if (character == ':') {
				return (text.startsWith("//", i + 1)) ? i + 1 : i;
			}
		}
		return -1;
	}

	private static int authorityEnd(String text, int start) {
		int end = start;
		while (end < text.length()) {
			char character = text.charAt(end);
			if (character == '/' || character == '?' || character == '#' || character == '"' || character == '\''
					|| character == '<' || character == '>' || character == '\\' || Character.isWhitespace(character)) {
				break;
			}
			end++;
		}
		return end;
	}

	// Where the password of the user info that starts at the given position starts, or
	// -1 when the authority has none
	private static int userInfoPassword(String text, int start) {
		int end = authorityEnd(text, start);
		int at = text.lastIndexOf('@', end - 1);
		if (at < start) {
			return -1;
		}
		int colon = text.indexOf(':', start);
		return (colon >= 0 && colon < at) ? colon + 1 : -1;
	}

	// A repeated scheme ("Bearer Bearer x") is part of the value
	private static int schemeValueEnd(String text, int start) {
		int end = wordEnd(text, start);
		if (end < text.length() && text.charAt(end) == ' ' && isSchemeWord(text, start, end)) {
			return wordEnd(text, skip(text, end, ' '));
		}
		return end;
	}

	private boolean isScheme(String text, int space, int from) {
		int start = space;
		while (start > from && Character.isLetter(text.charAt(start - 1))) {
			start--;
		}
		if (start > from && Character.isLetterOrDigit(text.charAt(start - 1))) {
			return false;
		}
		return isSchemeWord(text, start, space);
	}

	// The end of the name before the separator: quotes (escaped or not) and spaces
	// between them are skipped
	private static int nameEnd(String text, int separator, int from) {
		int end = separator;
		while (end > from && text.charAt(end - 1) == ' ') {
			end--;
		}
		if (end > from && (text.charAt(end - 1) == '"' || text.charAt(end - 1) == '\'')) {
			end--;
			if (end > from && text.charAt(end - 1) == '\\') {
				end--;
			}
		}
		return end;
	}

	private static int nameStart(String text, int end, int from) {
		int start = end;
		while (start > from && isNameCharacter(text.charAt(start - 1))) {
			start--;
		}
		return start;
	}

	private static boolean isNameCharacter(char character) {
		return Character.isLetterOrDigit(character) || character == '_' || character == '-' || character == '.';
	}

	private static String normalizedWord(String text, int start, int end) {
		return SecretNames.normalize(text.subSequence(start, end));
	}

	// Start and end of the value after a separator
	private static int[] value(String text, int afterSeparator, String name) {
		int start = skip(text, afterSeparator, ' ');
		if (start >= text.length()) {
			return new int[] { start, start };
		}
		char first = text.charAt(start);
		if (first == '\\' && start + 1 < text.length() && text.charAt(start + 1) == '"') {
			int close = text.indexOf("\\\"", start + 2);
			return new int[] { start + 2, (close >= 0) ? close : text.length() };
		}
		if (first == '"' || first == '\'') {
			return new int[] { start + 1, closingQuote(text, start + 1, first) };
		}
		if (first == '{' || first == '[') {
			return new int[] { start, matchingBracket(text, start) };
		}
		int end = wordEnd(text, start);
		if (end < text.length() && text.charAt(end) == ' '
				&& (name.endsWith(AUTHORIZATION) || isSchemeWord(text, start, end))) {
			return new int[] { start, wordEnd(text, skip(text, end, ' ')) };
		}
		if (name.endsWith(COOKIE)) {
			while (end < text.length() && text.charAt(end) == ';') {
				int next = skip(text, end + 1, ' ');
				if (next == text.length() || isValueDelimiter(text.charAt(next))) {
					break;
				}
				end = wordEnd(text, next);
			}
		}
		return new int[] { start, end };
	}

	private static boolean isSchemeWord(String text, int start, int end) {
		int length = end - start;
		return (length == 6 && text.regionMatches(true, start, "bearer", 0, 6))
				|| (length == 5 && text.regionMatches(true, start, "basic", 0, 5));
	}

	private static int closingQuote(String text, int from, char quote) {
		for (int i = from; i < text.length(); i++) {
			char character = text.charAt(i);
			if (character == '\\') {
				i++;
			}
			else if (character == quote) {
				return i;
			}
		}
		return text.length();
	}

	// The position after the bracket that closes the one at start, or the end of text
	private static int matchingBracket(String text, int start) {
		int depth = 0;
		for (int i = start; i < text.length(); i++) {
			char character = text.charAt(i);
			if (character == '{' || character == '[') {
				depth++;
			}
			else if ((character == '}' || character == ']') && --depth == 0) {
				return i + 1;
			}
		}
		return text.length();
	}

	private static int wordEnd(String text, int start) {
		int end = start;
		while (end < text.length() && !isValueDelimiter(text.charAt(end))) {
			end++;
		}
		return end;
	}

	private static boolean isValueDelimiter(char character) {
		return Character.isWhitespace(character) || character == '"' || character == '\'' || character == '\\'
				|| character == '&' || character == ',' || character == ';' || character == ')' || character == ']'
				|| character == '}' || character == '>';
	}

	private static int skip(String text, int index, char skipped) {
		int position = index;
		while (position < text.length() && text.charAt(position) == skipped) {
			position++;
		}
		return position;
	}

}
