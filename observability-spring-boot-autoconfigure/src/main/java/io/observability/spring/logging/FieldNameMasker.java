package io.observability.spring.logging;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import net.logstash.logback.mask.FieldMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * {@link FieldMasker} that masks the value of every field with one of the given names, at
 * any depth, compared without regard to case so that {@code Authorization} and
 * {@code authorization} are both masked.
 *
 * @author Observability Spring Boot contributors
 */
final class FieldNameMasker implements FieldMasker {

	private final Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

	private final Object mask;

	FieldNameMasker(Collection<String> names, Object mask) {
		this.names.addAll(names);
		this.mask = mask;
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context) {
		return (context.hasCurrentName() && this.names.contains(context.currentName())) ? this.mask : null;
	}

}
