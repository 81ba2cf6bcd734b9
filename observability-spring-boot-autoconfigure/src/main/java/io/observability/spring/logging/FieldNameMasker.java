package io.observability.spring.logging;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
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
 * It is asked about every field of every line. {@link String#equalsIgnoreCase(String)}
 * only matches strings of the same length, so names are kept by length and a field name
 * is compared only with the masked names of its length, which most field names have none
 * of.
 *
 * @author Observability Spring Boot contributors
 */
final class FieldNameMasker implements FieldMasker {

	private static final String[] NONE = {};

	private final String[][] namesByLength;

	private final Object mask;

	FieldNameMasker(Collection<String> names, Object mask) {
		Map<Integer, List<String>> byLength = names.stream()
			.filter((name) -> !name.isEmpty())
			.distinct()
			.collect(Collectors.groupingBy(String::length));
		int longest = byLength.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
		this.namesByLength = new String[longest + 1][];
		Arrays.fill(this.namesByLength, NONE);
		byLength.forEach((length, group) -> this.namesByLength[length] = group.toArray(String[]::new));
		this.mask = mask;
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context) {
		String name = context.hasCurrentName() ? context.currentName() : null;
		return (name != null && isMasked(name)) ? this.mask : null;
	}

	private boolean isMasked(String name) {
		if (name.length() >= this.namesByLength.length) {
			return false;
		}
		for (String candidate : this.namesByLength[name.length()]) {
			if (candidate.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

}
