package io.observability.spring.logging;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import net.logstash.logback.mask.FieldMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * {@link FieldMasker} that masks the value of every field with one of the given names, at
 * any depth, compared without regard to case so that {@code Authorization} and
 * {@code authorization} are both masked.
 * <p>
 * It is asked about every field of every line, so names are looked up by their first
 * character and length before any comparison: most field names cost two array reads.
 *
 * @author Observability Spring Boot contributors
 */
final class FieldNameMasker implements FieldMasker {

	private static final String[] NONE = {};

	private static final int NON_ASCII = 128;

	// Lower-case names by their lower-case ASCII first character; names that start with
	// another character are in NON_ASCII's slot
	private final String[][] namesByFirstCharacter = new String[NON_ASCII + 1][];

	private final String[] names;

	private final Object mask;

	FieldNameMasker(Collection<String> names, Object mask) {
		Arrays.fill(this.namesByFirstCharacter, NONE);
		Map<Integer, List<String>> grouped = names.stream()
			.filter((name) -> !name.isEmpty())
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.distinct()
			.collect(Collectors.groupingBy((name) -> slot(name.charAt(0))));
		grouped.forEach((slot, group) -> this.namesByFirstCharacter[slot] = group.toArray(String[]::new));
		this.names = grouped.values().stream().flatMap(List::stream).toArray(String[]::new);
		this.mask = mask;
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context) {
		String name = context.hasCurrentName() ? context.currentName() : null;
		return (name != null && isMasked(name)) ? this.mask : null;
	}

	private boolean isMasked(String name) {
		if (name.isEmpty()) {
			return false;
		}
		char first = name.charAt(0);
		// A non-ASCII first character may still equal an ASCII one without regard to case
		// (the Kelvin sign and 'k'): compare with every name
		String[] candidates = (first < NON_ASCII) ? this.namesByFirstCharacter[slot(first)] : this.names;
		for (String candidate : candidates) {
			if (candidate.length() == name.length() && candidate.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	private static int slot(char character) {
		if (character >= NON_ASCII) {
			return NON_ASCII;
		}
		return (character >= 'A' && character <= 'Z') ? character + ('a' - 'A') : character;
	}

}
