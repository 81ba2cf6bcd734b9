package io.observability.spring.masking.internal;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secret words, matched by containment in a name, without regard to case and separators:
 * with {@code secret} and {@code apikey}, {@code aws_secret_access_key},
 * {@code clientSecret} and {@code X-Api-Key} are secret names.
 *
 * @author Observability Spring Boot contributors
 */
final class SecretNames {

	// Names come from code (keys, fields, headers), so there are few of them; the bound
	// keeps a caller that builds names from data from filling the heap
	private static final int MAX_CACHED = 4096;

	private final String[] words;

	private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

	SecretNames(Collection<String> words) {
		this.words = words.stream()
			.map(SecretNames::normalize)
			.filter((word) -> !word.isEmpty())
			.distinct()
			.toArray(String[]::new);
	}

	boolean isEmpty() {
		return this.words.length == 0;
	}

	boolean isSecret(String name) {
		Boolean cached = this.cache.get(name);
		if (cached != null) {
			return cached;
		}
		boolean secret = contains(normalize(name));
		if (this.cache.size() < MAX_CACHED) {
			this.cache.put(name, secret);
		}
		return secret;
	}

	// Same as isSecret for a name inside a text, without caching what may be data nor
	// allocating: stack traces hold a name before every ':'
	boolean isSecret(CharSequence text, int start, int end) {
		for (String word : this.words) {
			if (containsIgnoringCaseAndSeparators(text, start, end, word)) {
				return true;
			}
		}
		return false;
	}

	private static boolean containsIgnoringCaseAndSeparators(CharSequence text, int start, int end, String word) {
		char first = word.charAt(0);
		for (int i = start; i < end; i++) {
			if (Character.toLowerCase(text.charAt(i)) != first) {
				continue;
			}
			int matched = 1;
			for (int j = i + 1; j < end && matched < word.length(); j++) {
				char character = text.charAt(j);
				if (!Character.isLetterOrDigit(character)) {
					continue;
				}
				if (Character.toLowerCase(character) != word.charAt(matched)) {
					break;
				}
				matched++;
			}
			if (matched == word.length()) {
				return true;
			}
		}
		return false;
	}

	private boolean contains(String normalized) {
		for (String word : this.words) {
			if (normalized.contains(word)) {
				return true;
			}
		}
		return false;
	}

	static String normalize(CharSequence name) {
		StringBuilder normalized = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char character = name.charAt(i);
			if (Character.isLetterOrDigit(character)) {
				normalized.append(Character.toLowerCase(character));
			}
		}
		return normalized.toString();
	}

}
