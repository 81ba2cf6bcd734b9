package io.observability.spring.masking.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * {@link SpanExporter} that applies the {@link MaskingPolicy} to every span before the
 * exporter it decorates sees it: string attributes of the span and of its events (the
 * {@code exception.message} and {@code exception.stacktrace} of exception events
 * included) and the status description; the query string of URL attributes is removed
 * unless the policy keeps query strings. What has nothing to mask, the common case, is
 * not copied.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class MaskingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final MaskingPolicy policy;

	/**
	 * Create an exporter that masks spans before the given one exports them.
	 * @param delegate the exporter to decorate
	 * @param policy the masking policy
	 */
	public MaskingSpanExporter(SpanExporter delegate, MaskingPolicy policy) {
		this.delegate = delegate;
		this.policy = policy;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (!this.policy.isEnabled()) {
			return this.delegate.export(spans);
		}
		List<SpanData> masked = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			masked.add(new MaskedSpanData(span, this.policy));
		}
		return this.delegate.export(masked);
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public String toString() {
		return "MaskingSpanExporter{" + this.delegate + "}";
	}

	/**
	 * Return the attributes with their values masked.
	 * @param attributes the attributes
	 * @param policy the masking policy
	 * @return the masked attributes, the same instance when there was nothing to mask
	 */
	static Attributes mask(Attributes attributes, MaskingPolicy policy) {
		if (attributes.isEmpty() || !needsMasking(attributes, policy)) {
			return attributes;
		}
		AttributesBuilder builder = Attributes.builder();
		attributes.forEach((key, value) -> put(builder, key, value, policy));
		return builder.build();
	}

	private static boolean needsMasking(Attributes attributes, MaskingPolicy policy) {
		boolean[] needed = new boolean[1];
		attributes.forEach((key, value) -> {
			if (!needed[0]) {
				needed[0] = needsMasking(key, value, policy);
			}
		});
		return needed[0];
	}

	@SuppressWarnings("unchecked")
	private static boolean needsMasking(AttributeKey<?> key, Object value, MaskingPolicy policy) {
		if (key.getType() == AttributeType.STRING) {
			return maskString(key.getKey(), (String) value, policy) != value;
		}
		if (key.getType() == AttributeType.STRING_ARRAY) {
			for (String element : (List<String>) value) {
				if (maskString(key.getKey(), element, policy) != element) {
					return true;
				}
			}
			return false;
		}
		return policy.isSecretName(key.getKey());
	}

	@SuppressWarnings("unchecked")
	private static void put(AttributesBuilder builder, AttributeKey<?> key, Object value, MaskingPolicy policy) {
		if (key.getType() == AttributeType.STRING) {
			builder.put((AttributeKey<String>) key, maskString(key.getKey(), (String) value, policy));
		}
		else if (key.getType() == AttributeType.STRING_ARRAY) {
			List<String> masked = new ArrayList<>();
			for (String element : (List<String>) value) {
				masked.add(maskString(key.getKey(), element, policy));
			}
			builder.put((AttributeKey<List<String>>) key, masked);
		}
		else if (policy.isSecretName(key.getKey())) {
			builder.put(AttributeKey.stringKey(key.getKey()), policy.replacement());
		}
		else {
			builder.put((AttributeKey<Object>) key, value);
		}
	}

	private static String maskString(String name, String value, MaskingPolicy policy) {
		String masked = policy.mask(name, value);
		return (!policy.keepsQueryStrings() && QueryStrings.isUrlName(name)) ? QueryStrings.remove(masked) : masked;
	}

	/**
	 * A span as the exporter sees it: masked, and read from the span it decorates once.
	 * Exporters read a span's attributes several times (the OTLP marshaller sizes a
	 * request, then writes it), and the spans Spring Boot's export path hands over build
	 * their attributes anew on every read; so every span is wrapped, and a copy of its
	 * attributes, events or status is made only when one of them has something to mask.
	 */
	private static final class MaskedSpanData extends DelegatingSpanData {

		private final Attributes attributes;

		private final int totalAttributeCount;

		private final List<EventData> events;

		private final StatusData status;

		MaskedSpanData(SpanData span, MaskingPolicy policy) {
			super(span);
			this.attributes = mask(span.getAttributes(), policy);
			this.totalAttributeCount = span.getTotalAttributeCount();
			this.events = maskEvents(span.getEvents(), policy);
			StatusData status = span.getStatus();
			String description = status.getDescription();
			String masked = (description.isEmpty() || status.getStatusCode() == StatusCode.UNSET) ? description
					: policy.mask(description);
			this.status = (masked != description) ? StatusData.create(status.getStatusCode(), masked) : status;
		}

		private static List<EventData> maskEvents(List<EventData> events, MaskingPolicy policy) {
			List<EventData> masked = null;
			for (int i = 0; i < events.size(); i++) {
				EventData event = events.get(i);
				Attributes eventAttributes = event.getAttributes();
				Attributes attributes = mask(eventAttributes, policy);
				if (attributes != eventAttributes && masked == null) {
					masked = new ArrayList<>(events.subList(0, i));
				}
				if (masked != null) {
					masked.add((attributes != eventAttributes) ? EventData.create(event.getEpochNanos(),
							event.getName(), attributes, event.getTotalAttributeCount()) : event);
				}
			}
			return (masked != null) ? masked : events;
		}

		@Override
		public Attributes getAttributes() {
			return this.attributes;
		}

		@Override
		public int getTotalAttributeCount() {
			return this.totalAttributeCount;
		}

		@Override
		public List<EventData> getEvents() {
			return this.events;
		}

		@Override
		public StatusData getStatus() {
			return this.status;
		}

	}

}
