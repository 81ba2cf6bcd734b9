package io.observability.spring.tracing;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A {@link SpanExporter} that adds what it exports to a list.
 *
 * @author Observability Spring Boot contributors
 */
public final class CollectingSpanExporter implements SpanExporter {

	private final List<SpanData> spans;

	private final AtomicInteger shutdowns = new AtomicInteger();

	/**
	 * Create an exporter that adds to the given list.
	 * @param spans the list, safe for concurrent use
	 */
	public CollectingSpanExporter(List<SpanData> spans) {
		this.spans = spans;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		this.spans.addAll(spans);
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		this.shutdowns.incrementAndGet();
		return CompletableResultCode.ofSuccess();
	}

	/**
	 * Return how often this exporter was shut down.
	 * @return the number of shutdown calls
	 */
	public int shutdowns() {
		return this.shutdowns.get();
	}

}
