package io.observability.spring.operation;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OperationMeterFilter}: which meters it recognises as the timers of
 * {@code @Observed} calls and the tags it derives for them.
 *
 * @author Observability Spring Boot contributors
 */
class OperationMeterFilterTests {

	private final OperationMeterFilter filter = new OperationMeterFilter();

	@Test
	void failedCallsTimerGetsOperationOutcomeAndExceptionInPlaceOfError() {
		Meter.Id mapped = this.filter.map(timer("documents.extract", "class", "com.acme.Extraction", "method",
				"extract", "error", "IllegalStateException", "source", "EDI"));
		assertThat(mapped.getTags()).containsExactlyInAnyOrderElementsOf(
				Tags.of("class", "com.acme.Extraction", "method", "extract", "source", "EDI", "operation",
						"documents.extract", "outcome", "failure", "exception", "IllegalStateException"));
	}

	@Test
	void successfulCallsTimerHasOutcomeSuccessAndExceptionNone() {
		Meter.Id mapped = this.filter
			.map(timer("documents.extract", "class", "com.acme.Extraction", "method", "extract", "error", "none"));
		assertThat(mapped.getTag("outcome")).isEqualTo("success");
		assertThat(mapped.getTag("exception")).isEqualTo("none");
		assertThat(mapped.getTag("error")).isNull();
	}

	@Test
	void unnamedCallIsNamedAfterTheSimpleNameOfItsClassNestedOrNot() {
		assertThat(this.filter
			.map(timer("method.observed", "class", "com.acme.Outer$Inner", "method", "run", "error", "none"))
			.getTag("operation")).isEqualTo("Inner#run");
		assertThat(this.filter.map(timer("method.observed", "class", "Unpackaged", "method", "run", "error", "none"))
			.getTag("operation")).isEqualTo("Unpackaged#run");
	}

	@Test
	void tagsTheApplicationSetsAreKept() {
		Meter.Id mapped = this.filter.map(timer("documents.extract", "class", "com.acme.Extraction", "method",
				"extract", "error", "none", "outcome", "accepted", "operation", "extraction"));
		assertThat(mapped.getTag("outcome")).isEqualTo("accepted");
		assertThat(mapped.getTag("operation")).isEqualTo("extraction");
		assertThat(mapped.getTag("exception")).isEqualTo("none");
	}

	@Test
	void otherMetersAreLeftAlone() {
		Meter.Id scheduled = timer("tasks.scheduled.execution", "code.namespace", "com.acme.Jobs", "code.function",
				"run", "error", "none");
		assertThat(this.filter.map(scheduled)).isSameAs(scheduled);
		Meter.Id longTask = new Meter.Id("documents.extract.active",
				Tags.of("class", "com.acme.Extraction", "method", "extract", "error", "none"), null, null,
				Meter.Type.LONG_TASK_TIMER);
		assertThat(this.filter.map(longTask)).isSameAs(longTask);
		assertThat(this.filter.configure(scheduled, DistributionStatisticConfig.NONE))
			.isSameAs(DistributionStatisticConfig.NONE);
	}

	@Test
	void operationTimerPublishesAPercentileHistogram() {
		Meter.Id mapped = this.filter
			.map(timer("documents.extract", "class", "com.acme.Extraction", "method", "extract", "error", "none"));
		DistributionStatisticConfig config = this.filter.configure(mapped,
				DistributionStatisticConfig.builder().build());
		assertThat(config).isNotNull();
		assertThat(config.isPercentileHistogram()).isTrue();
	}

	private static Meter.Id timer(String name, String... tags) {
		return new Meter.Id(name, Tags.of(tags), null, null, Meter.Type.TIMER);
	}

}
