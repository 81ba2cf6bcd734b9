package io.observability.spring.logging;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import net.logstash.logback.mask.ValueMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * {@link ValueMasker} that finds secrets written as text: the value after one of the
 * given names followed by {@code =} or {@code :} ({@code password=hunter2},
 * {@code "token": "abc"}, {@code Authorization: Basic dXNlcg==}), and the credentials of
 * {@code Bearer} and {@code Basic} authorization. A quoted value is masked up to its
 * closing quote, spaces included; the value of a name ending in {@code authorization} is
 * its scheme and credentials, whatever the scheme ({@code token ghp_x1}); the value of a
 * name ending in {@code cookie} is every cookie of the header ({@code a=1; b=2}); other
 * values end at a space, {@code "}, {@code &}, {@code ,} or {@code ;}. Names are compared
 * without regard to ASCII case and must stand as words, or end one after {@code _}
 * ({@code DB_PASSWORD=} is masked, {@code tokenizer=} is left alone).
 * <p>
 * It does not look at every character: it jumps from one {@code =}, {@code :} or space to
 * the next with {@link String#indexOf(int, int)} (a vectorized intrinsic) and only there
 * looks back for a name or a scheme, so a long value costs little more than a copy. The
 * fields the encoder fills from the logging system itself, which never carry application
 * data ({@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name},
 * {@code trace_id}, {@code span_id}), are not scanned.
 *
 * @author Observability Spring Boot contributors
 */
final class KeyValueTextMasker implements ValueMasker {

	private static final Set<String> SCHEMES = Set.of("bearer", "basic");

	private static final String AUTHORIZATION = "authorization";

	private static final String COOKIE = "cookie";

	private static final String[] NONE = {};

	private static final Set<String> GENERATED_FIELDS = Set.of("@timestamp", "level", "logger_name", "thread_name",
			"trace_id", "span_id");

	// Names and schemes by their lower-case ASCII last character: a separator or a space
	// is followed back to the word before it, which costs one array lookup when nothing
	// ends there
	private final String[][] namesByLastCharacter = new String[128][];

	private final String[][] schemesByLastCharacter = new String[128][];

	private final String replacement;

	KeyValueTextMasker(Collection<String> names, String replacement) {
		this.replacement = replacement;
		index(names, this.namesByLastCharacter);
		index(SCHEMES, this.schemesByLastCharacter);
	}

	private static void index(Collection<String> names, String[][] byLastCharacter) {
		Arrays.fill(byLastCharacter, NONE);
		Map<Character, List<String>> grouped = names.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.filter((name) -> !name.isEmpty() && name.charAt(name.length() - 1) < 128)
			.distinct()
			.collect(Collectors.groupingBy((name) -> name.charAt(name.length() - 1)));
		grouped.forEach((last, group) -> byLastCharacter[last] = group.toArray(String[]::new));
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context, Object value) {
		if (!(value instanceof CharSequence text)
				|| (context.hasCurrentName() && GENERATED_FIELDS.contains(context.currentName()))) {
			return null;
		}
		String string = text.toString();
		StringBuilder masked = null;
		int copied = 0;
		int nextEquals = string.indexOf('=');
		int nextColon = string.indexOf(':');
		int nextSpace = string.indexOf(' ');
		while (nextEquals >= 0 || nextColon >= 0 || nextSpace >= 0) {
			int position = first(nextEquals, first(nextColon, nextSpace));
			char separator = string.charAt(position);
			String word = (separator == ' ') ? schemeBefore(string, position, copied)
					: nameBefore(string, position, copied);
			int valueStart = (separator == ' ') ? skip(string, position, ' ')
					: skip(string, skip(string, position + 1, ' '), '"');
			int valueEnd = (word != null) ? valueEnd(string, valueStart, word) : -1;
			int resume = position + 1;
			if (valueEnd > valueStart) {
				masked = (masked != null) ? masked : new StringBuilder(string.length() + this.replacement.length());
				masked.append(string, copied, valueStart).append(this.replacement);
				copied = valueEnd;
				resume = valueEnd;
			}
			nextEquals = next(string, '=', nextEquals, resume);
			nextColon = next(string, ':', nextColon, resume);
			nextSpace = next(string, ' ', nextSpace, resume);
		}
		return (masked != null) ? masked.append(string, copied, string.length()).toString() : null;
	}

	// The name that stands before the separator at the given position (as in
	// name="value", name: value), or null
	private @Nullable String nameBefore(String text, int separator, int from) {
		int end = skipBack(text, skipBack(text, separator, ' ', from), '"', from);
		return (end > from) ? wordEndingAt(text, end, from, this.namesByLastCharacter) : null;
	}

	// Bearer or Basic when it stands right before the space at the given position, or
	// null
	private @Nullable String schemeBefore(String text, int space, int from) {
		return (space > from) ? wordEndingAt(text, space, from, this.schemesByLastCharacter) : null;
	}

	private static @Nullable String wordEndingAt(String text, int end, int from, String[][] byLastCharacter) {
		char last = text.charAt(end - 1);
		if (last >= 128) {
			return null;
		}
		for (String word : byLastCharacter[lowerCase(last)]) {
			int start = end - word.length();
			if (start >= from && startsWithIgnoringCase(text, start, word)
					&& (start == 0 || !isWordCharacter(text.charAt(start - 1)))) {
				return word;
			}
		}
		return null;
	}

	private static int first(int position, int other) {
		if (position < 0) {
			return other;
		}
		return (other < 0) ? position : Math.min(position, other);
	}

	private static int next(String text, char character, int current, int from) {
		return (current < 0 || current >= from) ? current : text.indexOf(character, from);
	}

	// Cheaper than String.regionMatches(true, ...), which most candidates fail on their
	// first character; words are lower case
	private static boolean startsWithIgnoringCase(String text, int index, String word) {
		if (index < 0 || index + word.length() > text.length()) {
			return false;
		}
		for (int offset = 0; offset < word.length(); offset++) {
			if (lowerCase(text.charAt(index + offset)) != word.charAt(offset)) {
				return false;
			}
		}
		return true;
	}

	// Where the value that starts at the given position ends: a quoted value at its
	// closing quote, the credentials of an authorization after their scheme, whatever
	// the scheme, every cookie of a cookie header, other values at the first delimiter
	private static int valueEnd(String text, int start, String word) {
		if (isQuoted(text, start)) {
			int closingQuote = text.indexOf('"', start);
			if (closingQuote >= 0) {
				return closingQuote;
			}
		}
		int end = wordEnd(text, start);
		if (end < text.length() && text.charAt(end) == ' '
				&& (word.endsWith(AUTHORIZATION) || SCHEMES.contains(lowerCase(text, start, end)))) {
			return wordEnd(text, skip(text, end, ' '));
		}
		if (word.endsWith(COOKIE)) {
			while (end < text.length() && text.charAt(end) == ';') {
				int next = skip(text, end + 1, ' ');
				if (next == text.length() || isValueDelimiter(text.charAt(next))) {
					break;
				}
				end = wordEnd(text, next);
			}
		}
		return end;
	}

	// One opening quote right before the value; two are an empty value
	private static boolean isQuoted(String text, int start) {
		return start > 0 && text.charAt(start - 1) == '"' && (start == 1 || text.charAt(start - 2) != '"');
	}

	private static int wordEnd(String text, int start) {
		int end = start;
		while (end < text.length() && !isValueDelimiter(text.charAt(end))) {
			end++;
		}
		return end;
	}

	private static String lowerCase(String text, int start, int end) {
		return text.substring(start, end).toLowerCase(Locale.ROOT);
	}

	private static int skip(String text, int index, char skipped) {
		int position = index;
		while (position < text.length() && text.charAt(position) == skipped) {
			position++;
		}
		return position;
	}

	private static int skipBack(String text, int index, char skipped, int from) {
		int position = index;
		while (position > from && text.charAt(position - 1) == skipped) {
			position--;
		}
		return position;
	}

	private static boolean isValueDelimiter(char character) {
		return Character.isWhitespace(character) || character == '"' || character == '&' || character == ','
				|| character == ';';
	}

	private static boolean isWordCharacter(char character) {
		// Not '_': DB_PASSWORD and client_secret end with a name
		if (character < 128) {
			return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
					|| (character >= '0' && character <= '9');
		}
		return Character.isLetterOrDigit(character);
	}

	private static char lowerCase(char character) {
		return (character >= 'A' && character <= 'Z') ? (char) (character + ('a' - 'A')) : character;
	}

}
