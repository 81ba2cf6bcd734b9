package io.observability.spring.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.logstash.logback.mask.ValueMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * {@link ValueMasker} that replaces what a regular expression matches in a string value.
 * When the expression has a capturing group, only the first group is replaced, so that
 * {@code password=(\S+)} keeps the key and masks the secret without a look-behind, which
 * is much slower to match.
 *
 * @author Observability Spring Boot contributors
 */
final class PatternValueMasker implements ValueMasker {

	private final Pattern pattern;

	private final String replacement;

	private final int group;

	PatternValueMasker(Pattern pattern, String replacement) {
		this.pattern = pattern;
		this.replacement = replacement;
		this.group = (pattern.matcher("").groupCount() > 0) ? 1 : 0;
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context, Object value) {
		if (!(value instanceof CharSequence text)) {
			return null;
		}
		Matcher matcher = this.pattern.matcher(text);
		if (!matcher.find()) {
			return null;
		}
		StringBuilder masked = new StringBuilder(text.length());
		int last = 0;
		do {
			int start = matcher.start(this.group);
			if (start >= 0) {
				masked.append(text, last, start).append(this.replacement);
				last = matcher.end(this.group);
			}
		}
		while (matcher.find());
		return masked.append(text, last, text.length()).toString();
	}

}
