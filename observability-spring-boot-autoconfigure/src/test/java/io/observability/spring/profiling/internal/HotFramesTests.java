package io.observability.spring.profiling.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HotFrames}.
 *
 * @author Observability Spring Boot contributors
 */
class HotFramesTests {

	private final HotFrames hotFrames = new HotFrames(List.of("com.acme.lib"), 2);

	@Test
	void sampleCountsForItsInnermostApplicationFrame() {
		assertThat(this.hotFrames.attribute(stack("java.util.regex.Pattern$Curly.match", "java.util.regex.Matcher.find",
				"com.acme.Matcher.score", "com.acme.Matcher$$SpringCGLIB$$0.score",
				"org.springframework.aop.framework.CglibAopProxy.intercept", "com.acme.OrderController.create")))
			.isEqualTo("com.acme.Matcher.score");
	}

	@Test
	void configuredPackagesAreFoldedLikeTheBuiltInOnes() {
		assertThat(this.hotFrames.attribute(stack("com.acme.lib.Json.parse", "com.acme.Parser.parse")))
			.isEqualTo("com.acme.Parser.parse");
	}

	@Test
	void sampleWithoutApplicationFramesCountsForItsInnermostFrame() {
		assertThat(this.hotFrames.attribute(stack("sun.nio.ch.Net.poll", "org.apache.tomcat.util.net.NioEndpoint.run")))
			.isEqualTo("sun.nio.ch.Net.poll");
		assertThat(this.hotFrames.attribute(new StackTraceElement[0])).isNull();
	}

	@Test
	void summaryNamesTheTopFramesMostSampledFirstWithTheirShares() {
		Map<String, int[]> counts = new LinkedHashMap<>();
		counts.put("com.acme.Parser.parse", new int[] { 21 });
		counts.put("com.acme.Matcher.score", new int[] { 62 });
		counts.put("com.acme.Repository.load", new int[] { 17 });
		assertThat(this.hotFrames.summarise(counts, 100))
			.isEqualTo("com.acme.Matcher.score 62%; com.acme.Parser.parse 21%");
	}

	private static StackTraceElement[] stack(String... frames) {
		StackTraceElement[] stack = new StackTraceElement[frames.length];
		for (int i = 0; i < frames.length; i++) {
			int dot = frames[i].lastIndexOf('.');
			stack[i] = new StackTraceElement(frames[i].substring(0, dot), frames[i].substring(dot + 1), null, -1);
		}
		return stack;
	}

}
