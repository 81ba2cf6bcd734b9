package io.observability.spring.masking.internal;

import java.util.ArrayList;
import java.util.List;

import io.observability.spring.masking.MaskingProperties;
import io.observability.spring.tracing.CollectingSpanExporter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MaskingSpanExporter}.
 *
 * @author Observability Spring Boot contributors
 */
class MaskingSpanExporterTests {

	private final MaskingProperties properties = new MaskingProperties();

	private final List<SpanData> exported = new ArrayList<>();

	@Test
	void attributesEventsAndStatusAreMaskedBeforeExport() {
		SpanData span = export((tracerSpan) -> {
			tracerSpan.setAttribute("db.password", "p-1");
			tracerSpan.setAttribute("note", "retry with token=t-1 for bob");
			tracerSpan.setAttribute(AttributeKey.stringArrayKey("headers"), List.of("X-Api-Key: k-1", "Accept: */*"));
			tracerSpan.setAttribute("retries", 3L);
			tracerSpan.recordException(new IllegalStateException("login failed password=p-2"));
			tracerSpan.setStatus(StatusCode.ERROR, "login failed password=p-3");
		});
		assertThat(span.getAttributes().get(AttributeKey.stringKey("db.password"))).isEqualTo("****");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("note"))).isEqualTo("retry with token=**** for bob");
		assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("headers"))).containsExactly("X-Api-Key: ****",
				"Accept: */*");
		assertThat(span.getAttributes().get(AttributeKey.longKey("retries"))).isEqualTo(3L);
		assertThat(span.getEvents()).singleElement().satisfies((event) -> {
			assertThat(event.getName()).isEqualTo("exception");
			assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
				.isEqualTo("login failed password=****");
			assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
				.startsWith("java.lang.IllegalStateException: login failed password=****")
				.doesNotContain("p-2");
		});
		assertThat(span.getStatus().getDescription()).isEqualTo("login failed password=****");
	}

	@Test
	void queryStringsAreRemovedFromUrlAttributesUnlessKept() {
		SpanData span = export((tracerSpan) -> tracerSpan.setAttribute("http.url", "http://erp/items/9?page=2#top"));
		assertThat(span.getAttributes().get(AttributeKey.stringKey("http.url"))).isEqualTo("http://erp/items/9");
		this.properties.setKeepQueryStrings(true);
		span = export((tracerSpan) -> tracerSpan.setAttribute("http.url", "http://erp/items/9?page=2&api_key=k"));
		assertThat(span.getAttributes().get(AttributeKey.stringKey("http.url")))
			.isEqualTo("http://erp/items/9?page=2&api_key=****");
	}

	@Test
	void spansPassUnchangedWhenMaskingIsDisabled() {
		this.properties.setEnabled(false);
		SpanData span = export((tracerSpan) -> tracerSpan.setAttribute("password", "p-1"));
		assertThat(span.getAttributes().get(AttributeKey.stringKey("password"))).isEqualTo("p-1");
	}

	@Test
	void nothingIsCopiedThatHasNothingToMaskAndEachPartOfTheSpanIsReadOnce() {
		this.properties.setEnabled(false);
		SpanData clean = export((tracerSpan) -> {
			tracerSpan.setAttribute("http.route", "/orders/{id}");
			tracerSpan.setAttribute("retries", 3L);
			tracerSpan.addEvent("retry", Attributes.of(AttributeKey.stringKey("reason"), "timeout"));
			tracerSpan.setStatus(StatusCode.ERROR, "upstream timed out");
		});
		SpanData secret = export((tracerSpan) -> {
			tracerSpan.addEvent("retry", Attributes.of(AttributeKey.stringKey("reason"), "timeout"));
			tracerSpan.addEvent("login", Attributes.of(AttributeKey.stringKey("password"), "p-1"));
		});
		this.properties.setEnabled(true);
		ReadCountingSpanData counting = new ReadCountingSpanData(clean);
		List<SpanData> received = new ArrayList<>();
		new MaskingSpanExporter(new CollectingSpanExporter(received), MaskingPolicy.of(this.properties))
			.export(List.of(counting, secret));
		assertThat(received).hasSize(2);
		SpanData unchanged = received.get(0);
		for (int read = 0; read < 3; read++) {
			assertThat(unchanged.getAttributes()).isSameAs(clean.getAttributes());
			assertThat(unchanged.getTotalAttributeCount()).isEqualTo(2);
			assertThat(unchanged.getEvents()).isSameAs(clean.getEvents());
			assertThat(unchanged.getStatus()).isSameAs(clean.getStatus());
		}
		assertThat(counting.attributeReads).isOne();
		assertThat(counting.totalAttributeCountReads).isOne();
		SpanData masked = received.get(1);
		assertThat(masked.getAttributes()).isSameAs(secret.getAttributes());
		assertThat(masked.getEvents().get(0)).isSameAs(secret.getEvents().get(0));
		assertThat(masked.getEvents().get(1).getAttributes().get(AttributeKey.stringKey("password"))).isEqualTo("****");
	}

	private SpanData export(java.util.function.Consumer<Span> customizer) {
		this.exported.clear();
		MaskingSpanExporter exporter = new MaskingSpanExporter(new CollectingSpanExporter(this.exported),
				MaskingPolicy.of(this.properties));
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build()) {
			Span span = provider.get("test").spanBuilder("login").startSpan();
			customizer.accept(span);
			span.end();
		}
		assertThat(this.exported).hasSize(1);
		return this.exported.get(0);
	}

	/**
	 * A span that builds its attributes anew on every read, as the spans of Spring Boot's
	 * export path do, and counts the reads.
	 */
	private static final class ReadCountingSpanData extends DelegatingSpanData {

		int attributeReads;

		int totalAttributeCountReads;

		ReadCountingSpanData(SpanData delegate) {
			super(delegate);
		}

		@Override
		public Attributes getAttributes() {
			this.attributeReads++;
			return super.getAttributes();
		}

		@Override
		public int getTotalAttributeCount() {
			this.totalAttributeCountReads++;
			return super.getTotalAttributeCount();
		}

	}

}
