package io.observability.spring.tracing.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * An ended, unsampled span that tail sampling keeps, as a span processor takes it, with
 * the reason in its {@link TailSamplingSpanProcessor#KEPT} attribute.
 * <p>
 * To span processors it is sampled, so that one that exports sampled spans only, like
 * Spring Boot's batch processor, exports it; its {@link #toSpanData() data}, what
 * exporters see, keeps the trace flags it was recorded and propagated with.
 *
 * @author Observability Spring Boot contributors
 */
final class KeptSpan implements ReadableSpan {

	private final SpanData data;

	private final SpanContext spanContext;

	KeptSpan(ReadableSpan span, String reason) {
		this.data = new KeptSpanData(span.toSpanData(), reason);
		SpanContext recorded = this.data.getSpanContext();
		this.spanContext = SpanContext.create(recorded.getTraceId(), recorded.getSpanId(),
				TraceFlags.fromByte((byte) (recorded.getTraceFlags().asByte() | TraceFlags.getSampled().asByte())),
				recorded.getTraceState());
	}

	@Override
	public SpanContext getSpanContext() {
		return this.spanContext;
	}

	@Override
	public SpanContext getParentSpanContext() {
		return this.data.getParentSpanContext();
	}

	@Override
	public String getName() {
		return this.data.getName();
	}

	@Override
	public SpanData toSpanData() {
		return this.data;
	}

	@Override
	@Deprecated
	@SuppressWarnings("deprecation")
	public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
		return this.data.getInstrumentationLibraryInfo();
	}

	@Override
	public InstrumentationScopeInfo getInstrumentationScopeInfo() {
		return this.data.getInstrumentationScopeInfo();
	}

	@Override
	public boolean hasEnded() {
		return true;
	}

	@Override
	public long getLatencyNanos() {
		return this.data.getEndEpochNanos() - this.data.getStartEpochNanos();
	}

	@Override
	public SpanKind getKind() {
		return this.data.getKind();
	}

	@Override
	public <T> @Nullable T getAttribute(AttributeKey<T> key) {
		return this.data.getAttributes().get(key);
	}

	@Override
	public Attributes getAttributes() {
		return this.data.getAttributes();
	}

	private static final class KeptSpanData extends DelegatingSpanData {

		private final Attributes attributes;

		KeptSpanData(SpanData delegate, String reason) {
			super(delegate);
			this.attributes = delegate.getAttributes().toBuilder().put(TailSamplingSpanProcessor.KEPT, reason).build();
		}

		@Override
		public Attributes getAttributes() {
			return this.attributes;
		}

		@Override
		public int getTotalAttributeCount() {
			return super.getTotalAttributeCount() + 1;
		}

	}

}
