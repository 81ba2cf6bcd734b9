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
 * It scans each string once, character by character, which costs a fraction of what
 * equivalent case-insensitive regular expressions cost on long values such as stack
 * traces. Names are only looked for in strings that hold a {@code =} or {@code :}, and
 * the fields the encoder fills from the logging system itself, which never carry
 * application data ({@code @timestamp}, {@code level}, {@code logger_name},
 * {@code thread_name}, {@code trace_id}, {@code span_id}), are not scanned.
 *
 * @author Observability Spring Boot contributors
 */
final class KeyValueTextMasker implements ValueMasker {

	private static final Set<String> SCHEMES = Set.of("bearer", "basic");

	private static final String[] NONE = {};

	private static final Set<String> GENERATED_FIELDS = Set.of("@timestamp", "level", "logger_name", "thread_name",
			"trace_id", "span_id");

	// Names and schemes by their lower-case ASCII first character, so that most
	// characters of a long value cost one array lookup
	private final String[][] namesByFirstCharacter = new String[128][];

	private final String[][] schemesByFirstCharacter = new String[128][];

	private final String replacement;

	KeyValueTextMasker(Collection<String> names, String replacement) {
		this.replacement = replacement;
		index(names, this.namesByFirstCharacter);
		index(SCHEMES, this.schemesByFirstCharacter);
	}

	private static void index(Collection<String> names, String[][] byFirstCharacter) {
		Arrays.fill(byFirstCharacter, NONE);
		Map<Character, List<String>> grouped = names.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.filter((name) -> !name.isEmpty() && name.charAt(0) < 128)
			.distinct()
			.collect(Collectors.groupingBy((name) -> name.charAt(0)));
		grouped.forEach((first, group) -> byFirstCharacter[first] = group.toArray(String[]::new));
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context, Object value) {
		if (!(value instanceof CharSequence text)
				|| (context.hasCurrentName() && GENERATED_FIELDS.contains(context.currentName()))) {
			return null;
		}
		String string = text.toString();
		int length = string.length();
		// A name needs a separator after it; without one, only Bearer or Basic
		// credentials
		// can be in the text, right after a space (String.indexOf is a vectorized
		// intrinsic, far cheaper than looking at every character)
		if (string.indexOf('=') < 0 && string.indexOf(':') < 0) {
			return maskSchemes(string);
		}
		StringBuilder masked = null;
		int copied = 0;
		for (int index = 0; index < length; index++) {
			char current = string.charAt(index);
			if (current >= 128) {
				continue;
			}
			char first = lowerCase(current);
			String[] names = this.namesByFirstCharacter[first];
			String[] schemes = this.schemesByFirstCharacter[first];
			if ((names.length == 0 && schemes.length == 0)
					|| (index > 0 && isWordCharacter(string.charAt(index - 1)))) {
				continue;
			}
			int valueStart = valueStart(string, index, names, schemes);
			if (valueStart < 0) {
				continue;
			}
			int valueEnd = valueEnd(string, valueStart);
			if (valueEnd > valueStart) {
				masked = (masked != null) ? masked : new StringBuilder(length + this.replacement.length());
				masked.append(string, copied, valueStart).append(this.replacement);
				copied = valueEnd;
				index = valueEnd - 1;
			}
		}
		return (masked != null) ? masked.append(string, copied, length).toString() : null;
	}

	private @Nullable String maskSchemes(String text) {
		StringBuilder masked = null;
		int copied = 0;
		for (int space = text.indexOf(' '); space >= 0; space = text.indexOf(' ', space + 1)) {
			for (String scheme : SCHEMES) {
				int start = space - scheme.length();
				if (start >= copied && startsWithIgnoringCase(text, start, scheme)
						&& (start == 0 || !isWordCharacter(text.charAt(start - 1)))) {
					int valueStart = skip(text, space, ' ');
					int valueEnd = valueEnd(text, valueStart);
					if (valueEnd > valueStart) {
						masked = (masked != null) ? masked : new StringBuilder(text.length());
						masked.append(text, copied, valueStart).append(this.replacement);
						copied = valueEnd;
						space = valueEnd - 1;
					}
					break;
				}
			}
		}
		return (masked != null) ? masked.append(text, copied, text.length()).toString() : null;
	}

	private static int valueStart(String text, int index, String[] names, String[] schemes) {
		for (String name : names) {
			int end = index + name.length();
			if (startsWithIgnoringCase(text, index, name)
					&& (end == text.length() || !isWordCharacter(text.charAt(end)))) {
				int start = afterSeparator(text, end);
				if (start >= 0) {
					return start;
				}
			}
		}
		for (String scheme : schemes) {
			int end = index + scheme.length();
			if (end < text.length() && startsWithIgnoringCase(text, index, scheme) && text.charAt(end) == ' ') {
				return skip(text, end, ' ');
			}
		}
		return -1;
	}

	// Cheaper than String.regionMatches(true, ...), which most candidates fail on their
	// second character; names are lower case
	private static boolean startsWithIgnoringCase(String text, int index, String name) {
		if (index + name.length() > text.length()) {
			return false;
		}
		for (int offset = 0; offset < name.length(); offset++) {
			if (lowerCase(text.charAt(index + offset)) != name.charAt(offset)) {
				return false;
			}
		}
		return true;
	}

	private static int afterSeparator(String text, int index) {
		int position = skip(text, skip(text, index, '"'), ' ');
		if (position >= text.length() || (text.charAt(position) != '=' && text.charAt(position) != ':')) {
			return -1;
		}
		return skip(text, skip(text, position + 1, ' '), '"');
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
