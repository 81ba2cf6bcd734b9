package io.observability.spring.masking.internal;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.Observation;
import io.observability.spring.masking.MaskingProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueryStringObservationFilter}.
 *
 * @author Observability Spring Boot contributors
 */
class QueryStringObservationFilterTests {

	private final MaskingProperties properties = new MaskingProperties();

	@Test
	void queryStringIsRemovedFromTheUriTagAndTheUrl() {
		Observation.Context context = context();
		new QueryStringObservationFilter(MaskingPolicy.of(this.properties)).map(context);
		assertThat(context.getLowCardinalityKeyValue("uri").getValue()).isEqualTo("/items/9");
		assertThat(context.getHighCardinalityKeyValue("http.url").getValue()).isEqualTo("http://erp/items/9");
		assertThat(context.getLowCardinalityKeyValue("method").getValue()).isEqualTo("GET");
	}

	@Test
	void queryStringStaysWhenTheUserOptsIn() {
		this.properties.setKeepQueryStrings(true);
		Observation.Context context = context();
		new QueryStringObservationFilter(MaskingPolicy.of(this.properties)).map(context);
		assertThat(context.getLowCardinalityKeyValue("uri").getValue()).isEqualTo("/items/9?api_key=k-1");
	}

	@Test
	void meterFilterRemovesTheQueryStringFromTheUriTag() {
		Meter.Id id = new Meter.Id("http.client.requests.active",
				Tags.of("uri", "/items/9?api_key=k-1", "method", "GET"), null, null, Meter.Type.LONG_TASK_TIMER);
		Meter.Id mapped = new QueryStringMeterFilter().map(id);
		assertThat(mapped.getTag("uri")).isEqualTo("/items/9");
		assertThat(mapped.getTag("method")).isEqualTo("GET");
	}

	private static Observation.Context context() {
		Observation.Context context = new Observation.Context();
		context.addLowCardinalityKeyValue(KeyValue.of("uri", "/items/9?api_key=k-1"));
		context.addLowCardinalityKeyValue(KeyValue.of("method", "GET"));
		context.addHighCardinalityKeyValue(KeyValue.of("http.url", "http://erp/items/9?api_key=k-1"));
		return context;
	}

}
