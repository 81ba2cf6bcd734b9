package io.observability.spring.logging;

import net.logstash.logback.decorate.JsonGeneratorDecorator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * {@link JsonGeneratorDecorator} that writes the values logs carry most, strings,
 * integers, decimals and booleans, straight to the generator when they arrive as objects.
 * logstash-logback-encoder writes key-value pairs ({@code addKeyValue}), structured
 * arguments and markers with {@link JsonGenerator#writePOJO(Object)}, which looks up a
 * serializer in Jackson's caches for every value; that lookup cost more than the rest of
 * an access-log line. Other values are serialized as before, through this generator, so
 * that masking still sees every nested field.
 *
 * @author Observability Spring Boot contributors
 */
final class SimpleValuesJsonGeneratorDecorator implements JsonGeneratorDecorator {

	@Override
	public JsonGenerator decorate(JsonGenerator generator) {
		return new SimpleValuesJsonGenerator(generator);
	}

	private static final class SimpleValuesJsonGenerator extends JsonGeneratorDelegate {

		SimpleValuesJsonGenerator(JsonGenerator delegate) {
			// Not delegating copy methods: complex values are serialized through this
			// generator, like the masking generator it wraps
			super(delegate, false);
		}

		@Override
		public JsonGenerator writePOJO(@Nullable Object value) {
			if (value instanceof String string) {
				return writeString(string);
			}
			if (value instanceof Integer number) {
				return writeNumber(number);
			}
			if (value instanceof Long number) {
				return writeNumber(number);
			}
			if (value instanceof Double number) {
				return writeNumber(number);
			}
			if (value instanceof Boolean bool) {
				return writeBoolean(bool);
			}
			return super.writePOJO(value);
		}

	}

}
