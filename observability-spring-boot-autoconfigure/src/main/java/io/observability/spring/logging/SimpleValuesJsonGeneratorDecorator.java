package io.observability.spring.logging;

import java.util.HashSet;
import java.util.Set;

import net.logstash.logback.decorate.JsonGeneratorDecorator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * {@link JsonGeneratorDecorator} that writes the values logs carry most, strings,
 * integers, decimals and booleans, straight to the generator when they arrive as objects,
 * and notes when a line repeats a top-level field name.
 * <p>
 * logstash-logback-encoder writes key-value pairs ({@code addKeyValue}), structured
 * arguments and markers with {@link JsonGenerator#writePOJO(Object)}, which looks up a
 * serializer in Jackson's caches for every value; that lookup cost more than the rest of
 * an access-log line. Other values are serialized as before, through this generator, so
 * that masking still sees every nested field.
 * <p>
 * A repeated name is only noted, in a per-thread flag that {@link #takeDuplicate()} reads
 * and clears: a streaming generator cannot take back what it wrote, so the formatter
 * rewrites the few lines that repeat a name.
 *
 * @author Observability Spring Boot contributors
 */
final class SimpleValuesJsonGeneratorDecorator implements JsonGeneratorDecorator {

	private final ThreadLocal<RootFields> rootFields = ThreadLocal.withInitial(RootFields::new);

	@Override
	public JsonGenerator decorate(JsonGenerator generator) {
		return new SimpleValuesJsonGenerator(generator, this.rootFields.get());
	}

	/**
	 * Whether the last line written on this thread repeated a top-level name; clears the
	 * flag.
	 * @return whether a name was repeated
	 */
	boolean takeDuplicate() {
		RootFields fields = this.rootFields.get();
		boolean duplicate = fields.duplicate;
		fields.duplicate = false;
		return duplicate;
	}

	private static final class RootFields {

		private final Set<String> names = new HashSet<>();

		private boolean duplicate;

	}

	private static final class SimpleValuesJsonGenerator extends JsonGeneratorDelegate {

		private final RootFields rootFields;

		SimpleValuesJsonGenerator(JsonGenerator delegate, RootFields rootFields) {
			// Not delegating copy methods: complex values are serialized through this
			// generator, like the masking generator it wraps
			super(delegate, false);
			this.rootFields = rootFields;
		}

		@Override
		public JsonGenerator writeStartObject() {
			if (streamWriteContext().inRoot()) {
				this.rootFields.names.clear();
				this.rootFields.duplicate = false;
			}
			return super.writeStartObject();
		}

		@Override
		public JsonGenerator writeName(String name) {
			noteName(name);
			return super.writeName(name);
		}

		@Override
		public JsonGenerator writeName(SerializableString name) {
			noteName(name.getValue());
			return super.writeName(name);
		}

		private void noteName(String name) {
			TokenStreamContext parent = streamWriteContext().getParent();
			if (parent != null && parent.inRoot() && !this.rootFields.names.add(name)) {
				this.rootFields.duplicate = true;
			}
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
