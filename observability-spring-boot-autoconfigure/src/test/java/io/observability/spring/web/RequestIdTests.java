package io.observability.spring.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestId}.
 *
 * @author Observability Spring Boot contributors
 */
class RequestIdTests {

	@ParameterizedTest
	@ValueSource(
			strings = { "a", "0f8fad5b-d9cb-469f-a165-70867728950e", "client:42", "user@host/path+x=y", "A.B_C-D" })
	void acceptsPrintableTokens(String value) {
		assertThat(RequestId.isValid(value)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "line\r\nbreak", "tab\there", "sp ace", "quote\"", "brace{}", "back\\slash",
			"caf\u00e9", "\u0000", "semi;colon", "comma,separated", "<script>" })
	void rejectsAnythingElse(String value) {
		assertThat(RequestId.isValid(value)).isFalse();
	}

	@Test
	void acceptsUpTo128Characters() {
		assertThat(RequestId.isValid("x".repeat(128))).isTrue();
		assertThat(RequestId.isValid("x".repeat(129))).isFalse();
		assertThat(RequestId.isValid(null)).isFalse();
	}

	@Test
	void generatesVersion7Uuids() {
		UUID uuid = UUID.fromString(RequestId.generate());
		assertThat(uuid.version()).isEqualTo(7);
		assertThat(uuid.variant()).isEqualTo(2);
		long millis = uuid.getMostSignificantBits() >>> 16;
		assertThat(millis).isCloseTo(System.currentTimeMillis(), Offset.offset(5_000L));
	}

	@Test
	void generatedIdsAreUniqueValidAndTimeOrdered() throws InterruptedException {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(RequestId.generate());
		}
		assertThat(ids).hasSize(10_000).allSatisfy((id) -> assertThat(RequestId.isValid(id)).isTrue());
		String earlier = RequestId.generate();
		Thread.sleep(2);
		String later = RequestId.generate();
		assertThat(List.of(earlier, later)).isSorted();
	}

	@Test
	void currentReadsTheMdc() {
		assertThat(RequestId.current()).isEmpty();
		MDC.put(RequestId.MDC_KEY, "abc");
		try {
			assertThat(RequestId.current()).hasValue("abc");
		}
		finally {
			MDC.remove(RequestId.MDC_KEY);
		}
	}

}
