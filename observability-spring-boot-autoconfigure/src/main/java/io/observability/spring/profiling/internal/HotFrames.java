package io.observability.spring.profiling.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Attributes a stack sample to its innermost application frame, folding the framework
 * frames above it, and summarises a call's samples as its top frames with their shares,
 * for example {@code com.acme.Matcher.score 62%; com.acme.Parser.parse 21%}.
 *
 * @author Observability Spring Boot contributors
 */
final class HotFrames {

	/** Frame that stands for the samples beyond the distinct frames kept per call. */
	static final String OTHER = "other";

	static final List<String> FRAMEWORK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
			"kotlin.", "scala.", "groovy.", "org.springframework.", "io.micrometer.", "io.opentelemetry.",
			"io.observability.spring.", "org.apache.", "org.aspectj.", "org.slf4j.", "ch.qos.logback.", "net.logstash.",
			"com.fasterxml.", "tools.jackson.", "org.hibernate.", "com.zaxxer.", "org.postgresql.", "org.h2.",
			"com.mysql.", "org.mariadb.", "io.lettuce.", "redis.clients.", "io.netty.", "reactor.", "software.amazon.",
			"org.eclipse.", "io.undertow.", "org.jboss.", "com.google.", "org.glassfish.", "io.prometheus.", "okhttp3.",
			"okio.");

	private final String[] frameworkPackages;

	private final int maxFrames;

	/**
	 * Create a new instance.
	 * @param additionalFrameworkPackages package prefixes folded besides the built-in
	 * ones
	 * @param maxFrames how many frames a summary names
	 */
	HotFrames(List<String> additionalFrameworkPackages, int maxFrames) {
		List<String> packages = new ArrayList<>(FRAMEWORK_PACKAGES);
		for (String additional : additionalFrameworkPackages) {
			packages.add(additional.endsWith(".") ? additional : additional + ".");
		}
		this.frameworkPackages = packages.toArray(new String[0]);
		this.maxFrames = maxFrames;
	}

	/**
	 * Return the frame a sample counts for: its innermost application frame, or its
	 * innermost frame when all of them are the framework's.
	 * @param stack the sampled stack, innermost frame first
	 * @return the frame as {@code class.method}, or {@code null} for an empty stack
	 */
	@Nullable String attribute(StackTraceElement[] stack) {
		if (stack.length == 0) {
			return null;
		}
		for (StackTraceElement frame : stack) {
			if (isApplicationFrame(frame.getClassName())) {
				return name(frame);
			}
		}
		return name(stack[0]);
	}

	private boolean isApplicationFrame(String className) {
		if (className.contains("$$")) {
			// CGLIB proxies, lambda forms: generated, never where the time goes
			return false;
		}
		for (String prefix : this.frameworkPackages) {
			if (className.startsWith(prefix)) {
				return false;
			}
		}
		return true;
	}

	private static String name(StackTraceElement frame) {
		return frame.getClassName() + "." + frame.getMethodName();
	}

	/**
	 * Summarise a call's samples as its top frames, most samples first, with their share
	 * of all samples rounded to a percent.
	 * @param counts samples per frame
	 * @param samples all samples
	 * @return the summary
	 */
	String summarise(Map<String, int[]> counts, int samples) {
		List<Map.Entry<String, int[]>> frames = new ArrayList<>(counts.entrySet());
		frames.sort((a, b) -> (a.getValue()[0] != b.getValue()[0]) ? Integer.compare(b.getValue()[0], a.getValue()[0])
				: a.getKey().compareTo(b.getKey()));
		StringBuilder summary = new StringBuilder();
		for (int i = 0; i < Math.min(this.maxFrames, frames.size()); i++) {
			Map.Entry<String, int[]> frame = frames.get(i);
			if (summary.length() > 0) {
				summary.append("; ");
			}
			summary.append(frame.getKey())
				.append(' ')
				.append(Math.round(frame.getValue()[0] * 100.0 / samples))
				.append('%');
		}
		return summary.toString();
	}

}
