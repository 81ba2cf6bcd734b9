package io.observability.spring.logging;

import java.util.Set;

import io.observability.spring.masking.internal.MaskingPolicy;
import net.logstash.logback.mask.ValueMasker;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.TokenStreamContext;

/**
 * {@link ValueMasker} that masks, in every string value of a line (the message, MDC
 * values, key-values, structured arguments and the stack trace), the secrets the
 * {@link MaskingPolicy} finds written as text: values after a secret name
 * ({@code password=x}, {@code "clientSecret": "a b"}), credentials, URL user-info
 * passwords and configured patterns. The fields the encoder fills from the logging system
 * itself, which never carry application data ({@code @timestamp}, {@code level},
 * {@code logger_name}, {@code thread_name}, {@code trace_id}, {@code span_id}), are not
 * scanned.
 *
 * @author Observability Spring Boot contributors
 */
final class KeyValueTextMasker implements ValueMasker {

	private static final Set<String> GENERATED_FIELDS = Set.of("@timestamp", "level", "logger_name", "thread_name",
			"trace_id", "span_id");

	private final MaskingPolicy policy;

	KeyValueTextMasker(MaskingPolicy policy) {
		this.policy = policy;
	}

	static boolean isGenerated(String name) {
		return GENERATED_FIELDS.contains(name);
	}

	@Override
	public @Nullable Object mask(TokenStreamContext context, Object value) {
		if (!(value instanceof CharSequence text) || (context.hasCurrentName() && isGenerated(context.currentName()))) {
			return null;
		}
		String string = text.toString();
		String masked = this.policy.mask(string);
		return (masked != string) ? masked : null;
	}

}
