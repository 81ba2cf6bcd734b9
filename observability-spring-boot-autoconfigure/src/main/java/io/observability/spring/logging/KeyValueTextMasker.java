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
 * {@code Bearer} and {@code Basic} authorization. Names are compared without regard to
 * ASCII case and must stand as words ({@code tokenizer=} is left alone).
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
			int valueStart = (separator == ' ') ? afterScheme(string, position, copied)
					: afterName(string, position, copied);
			int valueEnd = (valueStart >= 0) ? valueEnd(string, valueStart) : -1;
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

	// Where the value starts when one of the names stands before the separator at the
	// given position (as in name="value", name: value), or -1
	private int afterName(String text, int separator, int from) {
		int end = skipBack(text, skipBack(text, separator, ' ', from), '"', from);
		if (end <= from) {
			return -1;
		}
		if (wordEndingAt(text, end, from, this.namesByLastCharacter)) {
			return skip(text, skip(text, separator + 1, ' '), '"');
		}
		return -1;
	}

	// Where the credentials start when Bearer or Basic stands right before the space at
	// the given position, or -1
	private int afterScheme(String text, int space, int from) {
		if (space <= from || !wordEndingAt(text, space, from, this.schemesByLastCharacter)) {
			return -1;
		}
		return skip(text, space, ' ');
	}

	private static boolean wordEndingAt(String text, int end, int from, String[][] byLastCharacter) {
		char last = text.charAt(end - 1);
		if (last >= 128) {
			return false;
		}
		for (String word : byLastCharacter[lowerCase(last)]) {
			int start = end - word.length();
			if (start >= from && startsWithIgnoringCase(text, start, word)
					&& (start == 0 || !isWordCharacter(text.charAt(start - 1)))) {
				return true;
			}
		}
		return false;
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

	private static int valueEnd(String text, int start) {
		int end = start;
		while (end < text.length() && !isValueDelimiter(text.charAt(end))) {
			end++;
		}
		String value = text.substring(start, end).toLowerCase(Locale.ROOT);
		if (SCHEMES.contains(value) && end < text.length() && text.charAt(end) == ' ') {
			return valueEnd(text, skip(text, end, ' '));
		}
		return end;
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
		if (character < 128) {
			return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
					|| (character >= '0' && character <= '9') || character == '_';
		}
		return Character.isLetterOrDigit(character);
	}

	private static char lowerCase(char character) {
		return (character >= 'A' && character <= 'Z') ? (char) (character + ('a' - 'A')) : character;
	}

}
