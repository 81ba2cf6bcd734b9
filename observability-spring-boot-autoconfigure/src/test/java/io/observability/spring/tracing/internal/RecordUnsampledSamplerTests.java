package io.observability.spring.tracing.internal;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecordUnsampledSampler}.
 *
 * @author Observability Spring Boot contributors
 */
class RecordUnsampledSamplerTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Test
	void droppedSpanIsRecordedButNotSampled() {
		assertThat(decide(Sampler.alwaysOff()).getDecision()).isEqualTo(SamplingDecision.RECORD_ONLY);
	}

	@Test
	void sampledSpanStaysSampled() {
		assertThat(decide(Sampler.alwaysOn()).getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void attributesAndTraceStateOfTheHeadDecisionAreKept() {
		Attributes attributes = Attributes.of(AttributeKey.stringKey("rule"), "health");
		TraceState updated = TraceState.builder().put("vendor", "x").build();
		Sampler headSampler = new Sampler() {

			@Override
			public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
					Attributes attributes1, List<LinkData> parentLinks) {
				return new SamplingResult() {

					@Override
					public SamplingDecision getDecision() {
						return SamplingDecision.DROP;
					}

					@Override
					public Attributes getAttributes() {
						return attributes;
					}

					@Override
					public TraceState getUpdatedTraceState(TraceState parentTraceState) {
						return updated;
					}

				};
			}

			@Override
			public String getDescription() {
				return "Custom";
			}

		};
		SamplingResult result = decide(headSampler);
		assertThat(result.getDecision()).isEqualTo(SamplingDecision.RECORD_ONLY);
		assertThat(result.getAttributes()).isEqualTo(attributes);
		assertThat(result.getUpdatedTraceState(TraceState.getDefault())).isEqualTo(updated);
	}

	@Test
	void descriptionNamesTheHeadSampler() {
		assertThat(new RecordUnsampledSampler(Sampler.traceIdRatioBased(0.1)).getDescription())
			.startsWith("RecordUnsampled{TraceIdRatioBased{0.1");
	}

	private SamplingResult decide(Sampler headSampler) {
		return new RecordUnsampledSampler(headSampler).shouldSample(Context.root(), TRACE_ID, "GET /", SpanKind.SERVER,
				Attributes.empty(), List.of());
	}

}
