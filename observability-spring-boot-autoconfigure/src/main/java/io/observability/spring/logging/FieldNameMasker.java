package io.observability.spring.logging;

import java.util.Collection;
import java.util.Locale;

import net.logstash.logback.mask.FieldMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * {@link FieldMasker} that masks the value of every field with one of the given names, at
 * any depth, compared without regard to case so that {@code Authorization} and
 * {@code authorization} are both masked.
 * <p>
 * It is asked about every field of every line: a field name is only compared with the
 * names of its length, which most field names have none of.
 *
 * @author Observability Spring Boot contributors
 */
final class FieldNameMasker implements FieldMasker {

	private final String[] names;

	private final Object mask;

	FieldNameMasker(Collection<String> names, Object mask) {
		this.names = names.stream()
			.filter((name) -> !name.isEmpty())
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.distinct()
			.toArray(String[]::new);
		this.mask = mask;
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context) {
		String name = context.hasCurrentName() ? context.currentName() : null;
		return (name != null && isMasked(name)) ? this.mask : null;
	}

	private boolean isMasked(String name) {
		for (String candidate : this.names) {
			if (candidate.length() == name.length() && candidate.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

}
