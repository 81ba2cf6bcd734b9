package io.observability.spring.tracing.internal;

import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * {@link Sampler} that keeps the head decision of another sampler but records the spans
 * it drops: {@link SamplingDecision#DROP} becomes {@link SamplingDecision#RECORD_ONLY}.
 * The sampled flag, and so the outgoing {@code traceparent}, stays as the head sampler
 * decided; the recorded spans are exported only when a {@link TailSamplingSpanProcessor}
 * keeps their local trace.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class RecordUnsampledSampler implements Sampler {

	private final Sampler headSampler;

	/**
	 * Create a sampler that records what the given head sampler drops.
	 * @param headSampler the sampler that takes the head decision
	 */
	public RecordUnsampledSampler(Sampler headSampler) {
		this.headSampler = headSampler;
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		SamplingResult result = this.headSampler.shouldSample(parentContext, traceId, name, spanKind, attributes,
				parentLinks);
		if (result.getDecision() != SamplingDecision.DROP) {
			return result;
		}
		// the built-in samplers drop with a shared, attribute-free result
		return (result == SamplingResult.drop()) ? SamplingResult.recordOnly() : new RecordOnly(result);
	}

	@Override
	public String getDescription() {
		return "RecordUnsampled{" + this.headSampler.getDescription() + "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

	private static final class RecordOnly implements SamplingResult {

		private final SamplingResult dropped;

		RecordOnly(SamplingResult dropped) {
			this.dropped = dropped;
		}

		@Override
		public SamplingDecision getDecision() {
			return SamplingDecision.RECORD_ONLY;
		}

		@Override
		public Attributes getAttributes() {
			return this.dropped.getAttributes();
		}

		@Override
		public TraceState getUpdatedTraceState(TraceState parentTraceState) {
			return this.dropped.getUpdatedTraceState(parentTraceState);
		}

	}

}
