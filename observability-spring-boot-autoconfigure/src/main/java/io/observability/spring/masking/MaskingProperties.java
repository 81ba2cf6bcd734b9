package io.observability.spring.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Configuration properties of the masking policy that applies to console lines, span
 * attributes and events, and metric tags. They are bound from the {@link Environment}
 * before the application context exists too, since the console needs them first.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties(MaskingProperties.PREFIX)
public class MaskingProperties {

	/**
	 * Prefix of the masking properties.
	 */
	public static final String PREFIX = "observability.masking";

	/**
	 * Whether to mask secrets in what the starter exports.
	 */
	private boolean enabled = true;

	/**
	 * Replacement for a masked value or a masked part of a value.
	 */
	private String replacement = "****";

	/**
	 * Secret words, added to the built-in ones. A field, key-value, MDC entry, header or
	 * span attribute whose name contains one of them, compared without regard to case and
	 * separators, is masked, and so is the value after such a name and "=" or ":" in any
	 * text.
	 */
	private List<String> names = new ArrayList<>();

	/**
	 * Whether the configured names replace the built-in ones rather than add to them.
	 */
	private boolean replaceBuiltInNames;

	/**
	 * Regular expressions whose matches are masked in every text, for secrets that have
	 * no name. When an expression has a capturing group, only the first group is masked.
	 */
	private List<String> patterns = new ArrayList<>();

	/**
	 * Whether query strings may stay in "uri" metric tags and span URL attributes.
	 */
	private boolean keepQueryStrings;

	private final Pii pii = new Pii();

	/**
	 * Bind the properties from the given environment.
	 * @param environment the environment to bind from
	 * @return the bound properties
	 * @throws org.springframework.boot.context.properties.bind.BindException if a value
	 * is invalid, with the name of the property
	 */
	public static MaskingProperties get(Environment environment) {
		return Binder.get(environment).bindOrCreate(PREFIX, MaskingProperties.class);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getReplacement() {
		return this.replacement;
	}

	public void setReplacement(String replacement) {
		Assert.isTrue(StringUtils.hasLength(replacement), "'replacement' must not be empty");
		this.replacement = replacement;
	}

	public List<String> getNames() {
		return this.names;
	}

	public void setNames(List<String> names) {
		Assert.isTrue(names.stream().allMatch(StringUtils::hasText), "'names' must not contain an empty name");
		this.names = names;
	}

	public boolean isReplaceBuiltInNames() {
		return this.replaceBuiltInNames;
	}

	public void setReplaceBuiltInNames(boolean replaceBuiltInNames) {
		this.replaceBuiltInNames = replaceBuiltInNames;
	}

	public List<String> getPatterns() {
		return this.patterns;
	}

	public void setPatterns(List<String> patterns) {
		for (String pattern : patterns) {
			Assert.isTrue(StringUtils.hasLength(pattern), "'patterns' must not contain an empty pattern");
			try {
				Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException("'patterns' contains an invalid regular expression: " + pattern, ex);
			}
		}
		this.patterns = patterns;
	}

	public boolean isKeepQueryStrings() {
		return this.keepQueryStrings;
	}

	public void setKeepQueryStrings(boolean keepQueryStrings) {
		this.keepQueryStrings = keepQueryStrings;
	}

	public Pii getPii() {
		return this.pii;
	}

	/**
	 * Opt-in masking of personal data that has no name in the text.
	 */
	public static class Pii {

		/**
		 * Whether to mask e-mail addresses.
		 */
		private boolean email;

		/**
		 * Whether to mask payment card numbers (13 to 19 digits that pass the Luhn check,
		 * spaces or dashes allowed between them).
		 */
		private boolean cardNumbers;

		/**
		 * Whether to mask IBANs that pass their check digits.
		 */
		private boolean iban;

		public boolean isEmail() {
			return this.email;
		}

		public void setEmail(boolean email) {
			this.email = email;
		}

		public boolean isCardNumbers() {
			return this.cardNumbers;
		}

		public void setCardNumbers(boolean cardNumbers) {
			this.cardNumbers = cardNumbers;
		}

		public boolean isIban() {
			return this.iban;
		}

		public void setIban(boolean iban) {
			this.iban = iban;
		}

	}

}
