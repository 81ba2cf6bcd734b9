package io.observability.spring.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed Prometheus text-format (0.0.4) scrape, so that tests assert on samples and
 * labels rather than on substrings.
 *
 * @author Observability Spring Boot contributors
 */
public final class PrometheusScrape {

	private final List<Sample> samples;

	private PrometheusScrape(List<Sample> samples) {
		this.samples = samples;
	}

	/**
	 * Parse a scrape body.
	 * @param body the body of a {@code text/plain; version=0.0.4} scrape
	 * @return the parsed scrape
	 * @throws IllegalArgumentException if a line is not valid exposition format
	 */
	public static PrometheusScrape parse(String body) {
		List<Sample> samples = new ArrayList<>();
		for (String line : body.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				samples.add(parseSample(line));
			}
		}
		return new PrometheusScrape(List.copyOf(samples));
	}

	/**
	 * Return every sample.
	 * @return the samples, in scrape order
	 */
	public List<Sample> samples() {
		return this.samples;
	}

	/**
	 * Return the samples of one metric name.
	 * @param name the sample name, for example {@code http_server_requests_seconds_count}
	 * @return the matching samples
	 */
	public List<Sample> samples(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).toList();
	}

	/**
	 * Return the distinct sample names.
	 * @return the names, sorted
	 */
	public Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((sample) -> names.add(sample.name()));
		return names;
	}

	private static Sample parseSample(String line) {
		int index = 0;
		while (index < line.length() && line.charAt(index) != '{' && line.charAt(index) != ' ') {
			index++;
		}
		String name = line.substring(0, index);
		Map<String, String> labels = new LinkedHashMap<>();
		if (index < line.length() && line.charAt(index) == '{') {
			index = parseLabels(line, index + 1, labels);
		}
		String[] rest = line.substring(index).trim().split(" ");
		if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
			throw new IllegalArgumentException("Not a sample line: " + line);
		}
		return new Sample(name, Map.copyOf(labels), parseValue(rest[0], line));
	}

	private static int parseLabels(String line, int start, Map<String, String> labels) {
		int index = start;
		while (line.charAt(index) != '}') {
			int equals = line.indexOf('=', index);
			String key = line.substring(index, equals).trim();
			if (line.charAt(equals + 1) != '"') {
				throw new IllegalArgumentException("Unquoted label value in: " + line);
			}
			StringBuilder value = new StringBuilder();
			index = equals + 2;
			while (line.charAt(index) != '"') {
				char c = line.charAt(index);
				if (c == '\\') {
					char escaped = line.charAt(++index);
					value.append((escaped == 'n') ? '\n' : escaped);
				}
				else {
					value.append(c);
				}
				index++;
			}
			labels.put(key, value.toString());
			index++;
			if (line.charAt(index) == ',') {
				index++;
			}
		}
		return index + 1;
	}

	private static double parseValue(String value, String line) {
		return switch (value) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			case "NaN" -> Double.NaN;
			default -> {
				try {
					yield Double.parseDouble(value);
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException("Bad sample value in: " + line, ex);
				}
			}
		};
	}

	/**
	 * One sample of a scrape.
	 *
	 * @param name the sample name
	 * @param labels the labels
	 * @param value the value
	 */
	public record Sample(String name, Map<String, String> labels, double value) {

		/**
		 * Return whether the sample has a label with the given value.
		 * @param key the label name
		 * @param value the expected value
		 * @return whether the label is present with that value
		 */
		public boolean hasLabel(String key, String value) {
			return value.equals(this.labels.get(key));
		}

	}

}
