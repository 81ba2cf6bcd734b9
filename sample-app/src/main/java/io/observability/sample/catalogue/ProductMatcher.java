package io.observability.sample.catalogue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.Cardinality;
import io.observability.sample.extraction.OrderLineItem;
import io.observability.sample.inbound.InboundMessage.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Matches an order line to the catalogue product it most likely means, with a confidence
 * score recorded as the distribution summary {@code products.match.confidence}.
 * <p>
 * A product code matches with confidence 1. Otherwise the score weighs how many words of
 * the line the product's keywords cover (70 %) and how many of its keywords the line uses
 * (30 %).
 *
 * @author Observability Spring Boot contributors
 */
@Component
public class ProductMatcher {

	private static final Logger logger = LoggerFactory.getLogger(ProductMatcher.class);

	private static final Set<String> NOISE = Set.of("x", "pc", "pcs", "piece", "pieces", "unit", "units", "of", "the",
			"and", "please", "for", "with", "box", "boxes", "pack");

	private final ProductCatalogue catalogue;

	private final double minimumConfidence;

	private final MeterRegistry meterRegistry;

	ProductMatcher(ProductCatalogue catalogue, MatchingProperties properties, MeterRegistry meterRegistry) {
		this.catalogue = catalogue;
		this.minimumConfidence = properties.getMinimumConfidence();
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Match an order line to a product.
	 * @param documentId the document the line comes from
	 * @param source the channel the document arrived through
	 * @param line the order line
	 * @return the best match
	 * @throws UnmatchedProductException if no product matches well enough
	 */
	@Observed(name = "products.match", contextualName = "match product")
	public ProductMatch match(
			@ObservationKeyValue(key = "document_id", cardinality = Cardinality.HIGH) String documentId,
			@ObservationKeyValue(key = "source", cardinality = Cardinality.LOW) Source source, OrderLineItem line) {
		Set<String> words = words(line.description());
		ProductMatch best = null;
		for (Product product : this.catalogue.products()) {
			double confidence = confidence(line, words, product);
			if (best == null || confidence > best.confidence()) {
				best = new ProductMatch(line, product, confidence);
			}
		}
		if (best == null || best.confidence() < this.minimumConfidence) {
			throw new UnmatchedProductException("line " + line.lineNumber() + " '" + abbreviate(line.description())
					+ "' matches no product (best confidence " + ((best != null) ? best.confidence() : 0)
					+ ", closest name '" + closestName(line.description()) + "')");
		}
		DistributionSummary.builder("products.match.confidence")
			.tag("source", String.valueOf(source))
			.register(this.meterRegistry)
			.record(best.confidence());
		logger.info("Line {} '{}' matched {} with confidence {}", line.lineNumber(), line.description(),
				best.product().sku(), best.confidence());
		return best;
	}

	// "Did you mean": the product name closest to any stretch of the line by edit
	// distance,
	// quadratic in the name's length at every position of the line, so that a long line
	// that matches nothing (a whole email pasted into one line) takes seconds
	private String closestName(String description) {
		String text = description.toLowerCase(Locale.ROOT);
		String closest = "";
		int smallest = Integer.MAX_VALUE;
		for (Product product : this.catalogue.products()) {
			String name = product.name().toLowerCase(Locale.ROOT);
			for (int start = 0; start < text.length(); start++) {
				int distance = editDistance(name,
						text.substring(start, Math.min(text.length(), start + name.length())));
				if (distance < smallest) {
					smallest = distance;
					closest = product.name();
				}
			}
		}
		return closest;
	}

	// An exception message names the line, it does not carry it: a document line can be
	// tens of thousands of characters long
	private static String abbreviate(String description) {
		return (description.length() <= 60) ? description : description.substring(0, 57) + "...";
	}

	private static int editDistance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private static double confidence(OrderLineItem line, Set<String> words, Product product) {
		if (line.description().strip().equalsIgnoreCase(product.sku())) {
			return 1.0;
		}
		Set<String> keywords = words(product.keywords());
		if (words.isEmpty() || keywords.isEmpty()) {
			return 0.0;
		}
		long common = words.stream().filter(keywords::contains).count();
		double score = 0.7 * common / words.size() + 0.3 * common / keywords.size();
		return Math.round(score * 1000) / 1000.0;
	}

	private static Set<String> words(String text) {
		return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
			.filter((word) -> !word.isEmpty() && !NOISE.contains(word))
			.map(ProductMatcher::singular)
			.collect(Collectors.toSet());
	}

	private static String singular(String word) {
		return (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) ? word.substring(0, word.length() - 1)
				: word;
	}

}
