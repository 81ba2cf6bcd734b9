package io.observability.spring.masking.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.observability.spring.masking.MaskingProperties;
import org.jspecify.annotations.Nullable;

/**
 * The one masking policy of the starter, applied to console lines, span attributes and
 * events, and metric tags: secret names (built-in words plus configured ones, matched by
 * containment without regard to case and separators), secrets written as text after such
 * a name, {@code Bearer}/{@code Basic} credentials, URL user-info passwords, configured
 * patterns and the opt-in personal data patterns.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 * @see MaskingProperties
 */
public final class MaskingPolicy {

	/**
	 * Secret words masked by default.
	 */
	public static final List<String> BUILT_IN_NAMES = List.of("password", "passwd", "passphrase", "secret", "token",
			"authorization", "cookie", "apikey", "credential", "privatekey", "accesskey");

	private static final int MAX_STAND_IN_TEXT = 200;

	private static final Pattern EMAIL = Pattern
		.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

	private static final Pattern CARD_NUMBER = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");

	private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b");

	private final boolean enabled;

	private final String replacement;

	private final SecretNames names;

	private final SecretText text;

	private final List<ValuePattern> patterns;

	private final boolean keepQueryStrings;

	private MaskingPolicy(MaskingProperties properties) {
		this.enabled = properties.isEnabled();
		this.replacement = properties.getReplacement();
		List<String> words = new ArrayList<>(properties.getNames());
		if (!properties.isReplaceBuiltInNames()) {
			words.addAll(BUILT_IN_NAMES);
		}
		this.names = new SecretNames(words);
		this.text = new SecretText(this.names, this.replacement);
		List<ValuePattern> patterns = new ArrayList<>();
		properties.getPatterns().forEach((pattern) -> patterns.add(new ValuePattern(Pattern.compile(pattern), null)));
		MaskingProperties.Pii pii = properties.getPii();
		if (pii.isEmail()) {
			patterns.add(new ValuePattern(EMAIL, null));
		}
		if (pii.isCardNumbers()) {
			patterns.add(new ValuePattern(CARD_NUMBER, MaskingPolicy::passesLuhn));
		}
		if (pii.isIban()) {
			patterns.add(new ValuePattern(IBAN, MaskingPolicy::isIban));
		}
		this.patterns = List.copyOf(patterns);
		this.keepQueryStrings = properties.isKeepQueryStrings();
	}

	/**
	 * Create the policy the given properties describe.
	 * @param properties the masking properties
	 * @return the policy
	 */
	public static MaskingPolicy of(MaskingProperties properties) {
		return new MaskingPolicy(properties);
	}

	/**
	 * Whether masking is enabled at all.
	 * @return whether masking is enabled
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Replacement of a masked value.
	 * @return the replacement
	 */
	public String replacement() {
		return this.replacement;
	}

	/**
	 * Whether query strings may stay in {@code uri} tags and span URL attributes.
	 * @return whether query strings are kept
	 */
	public boolean keepsQueryStrings() {
		return this.keepQueryStrings;
	}

	/**
	 * Whether the value of a field, key-value, header or attribute of the given name is a
	 * secret.
	 * @param name the name
	 * @return whether the name is a secret name
	 */
	public boolean isSecretName(String name) {
		return this.enabled && this.names.isSecret(name);
	}

	/**
	 * Mask the secrets written in the given text.
	 * @param text the text
	 * @return the masked text, the same instance when there was nothing to mask
	 */
	public String mask(String text) {
		if (!this.enabled || text.isEmpty()) {
			return text;
		}
		String masked = this.names.isEmpty() ? null : this.text.mask(text);
		String result = (masked != null) ? masked : text;
		for (ValuePattern pattern : this.patterns) {
			result = pattern.mask(result, this.replacement);
		}
		return result;
	}

	/**
	 * Mask the value of a named entry: all of it when the name is a secret name,
	 * otherwise the secrets written in it.
	 * @param name the name of the entry
	 * @param value the value
	 * @return the masked value, the same instance when there was nothing to mask
	 */
	public String mask(String name, String value) {
		return isSecretName(name) ? this.replacement : mask(value);
	}

	/**
	 * A safe, masked stand-in for a value that cannot be written as it is: its type and
	 * its masked {@code toString()}, truncated.
	 * @param value the value
	 * @return the stand-in
	 */
	public String standIn(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		String text;
		try {
			text = String.valueOf(value);
		}
		catch (RuntimeException | StackOverflowError ex) {
			text = "toString() failed with " + ex.getClass().getName();
		}
		if (text.length() > MAX_STAND_IN_TEXT) {
			text = text.substring(0, MAX_STAND_IN_TEXT) + "...";
		}
		return "[unwritable " + value.getClass().getName() + ": " + mask(text) + "]";
	}

	static boolean passesLuhn(String candidate) {
		int sum = 0;
		boolean doubled = false;
		for (int i = candidate.length() - 1; i >= 0; i--) {
			char character = candidate.charAt(i);
			if (character < '0' || character > '9') {
				continue;
			}
			int digit = character - '0';
			if (doubled) {
				digit = (digit * 2 > 9) ? digit * 2 - 9 : digit * 2;
			}
			sum += digit;
			doubled = !doubled;
		}
		return sum % 10 == 0;
	}

	static boolean isIban(String candidate) {
		String compact = candidate.replace(" ", "");
		String rearranged = compact.substring(4) + compact.substring(0, 4);
		int remainder = 0;
		for (int i = 0; i < rearranged.length(); i++) {
			int value = Character.digit(rearranged.charAt(i), 36);
			if (value < 0) {
				return false;
			}
			remainder = (value > 9) ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
		}
		return remainder == 1;
	}

	private record ValuePattern(Pattern pattern, @Nullable Predicate<String> check) {

		String mask(String text, String replacement) {
			Matcher matcher = this.pattern.matcher(text);
			if (!matcher.find()) {
				return text;
			}
			int group = (matcher.groupCount() > 0) ? 1 : 0;
			StringBuilder masked = new StringBuilder(text.length());
			int last = 0;
			do {
				int start = matcher.start(group);
				if (start >= 0 && (this.check == null || this.check.test(matcher.group(group)))) {
					masked.append(text, last, start).append(replacement);
					last = matcher.end(group);
				}
			}
			while (matcher.find());
			return (last == 0) ? text : masked.append(text, last, text.length()).toString();
		}

	}

}
