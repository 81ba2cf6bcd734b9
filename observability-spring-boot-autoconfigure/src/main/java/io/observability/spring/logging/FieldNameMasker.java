package io.observability.spring.logging;

import io.observability.spring.masking.internal.MaskingPolicy;
import net.logstash.logback.mask.FieldMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * {@link FieldMasker} that masks the value of every field, at any depth, whose name the
 * {@link MaskingPolicy} calls secret ({@code db_password}, {@code clientSecret},
 * {@code X-Api-Key}). The policy caches its answer per name, so a field costs one map
 * lookup.
 *
 * @author Observability Spring Boot contributors
 */
final class FieldNameMasker implements FieldMasker {

	private final MaskingPolicy policy;

	FieldNameMasker(MaskingPolicy policy) {
		this.policy = policy;
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context) {
		String name = context.hasCurrentName() ? context.currentName() : null;
		return (name != null && !KeyValueTextMasker.isGenerated(name) && this.policy.isSecretName(name))
				? this.policy.replacement() : null;
	}

}
