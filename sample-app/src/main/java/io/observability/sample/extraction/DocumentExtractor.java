package io.observability.sample.extraction;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.observation.annotation.ObservationKeyValue;
import io.micrometer.observation.annotation.Observed;
import io.micrometer.observation.aop.Cardinality;
import io.observability.sample.inbound.InboundDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reads the order lines of a document: EDIFACT {@code LIN}/{@code QTY} segments for EDI,
 * lines such as {@code 10 x M8 bolts} for email and API documents.
 *
 * @author Observability Spring Boot contributors
 */
@Component
public class DocumentExtractor {

	private static final Logger logger = LoggerFactory.getLogger(DocumentExtractor.class);

	private static final Pattern TEXT_LINE = Pattern.compile(
			"^\\s*(?:[-*]\\s*)?(\\d{1,6})\\s*(?:x|\u00d7|pcs\\.?|pieces|units)?\\s+(\\S.*?)\\s*$",
			Pattern.CASE_INSENSITIVE);

	private static final int MAX_QUANTITY = 100_000;

	/**
	 * Extract the order lines of a document.
	 * @param document the document
	 * @return the lines, at least one
	 * @throws UnreadableDocumentException if the document holds no readable order line
	 */
	@Observed(name = "documents.extract", contextualName = "extract document")
	public List<OrderLineItem> extract(@ObservationKeyValue(key = "document_id", expression = "id",
			cardinality = Cardinality.HIGH) @ObservationKeyValue(key = "source", expression = "source",
					cardinality = Cardinality.LOW) InboundDocument document) {
		String content = document.content();
		if (content.startsWith("%PDF")) {
			throw new UnreadableDocumentException("scanned PDF without a text layer");
		}
		List<OrderLineItem> lines = switch (document.source()) {
			case EDI -> edifact(content);
			case EMAIL, API -> text(content);
		};
		if (lines.isEmpty()) {
			throw new UnreadableDocumentException("no order lines found");
		}
		logger.info("Extracted {} order lines", lines.size());
		return lines;
	}

	private List<OrderLineItem> edifact(String content) {
		if (!content.startsWith("UNH+") && !content.startsWith("UNA") && !content.startsWith("UNB+")) {
			throw new UnreadableDocumentException("not an EDIFACT interchange");
		}
		List<OrderLineItem> lines = new ArrayList<>();
		String product = null;
		for (String segment : content.split("'")) {
			String[] elements = segment.strip().split("\\+");
			if (elements[0].equals("LIN")) {
				if (elements.length < 4 || elements[3].isBlank()) {
					throw new UnreadableDocumentException("LIN segment without a product code: " + segment.strip());
				}
				product = elements[3].split(":")[0];
			}
			else if (elements[0].equals("QTY") && product != null && elements.length > 1) {
				String[] quantity = elements[1].split(":");
				if (quantity.length < 2) {
					throw new UnreadableDocumentException("QTY segment without a quantity: " + segment.strip());
				}
				lines.add(new OrderLineItem(lines.size() + 1, quantity(quantity[1]), product));
				product = null;
			}
		}
		return lines;
	}

	private List<OrderLineItem> text(String content) {
		List<OrderLineItem> lines = new ArrayList<>();
		for (String line : content.split("\\R")) {
			Matcher matcher = TEXT_LINE.matcher(line);
			if (matcher.matches()) {
				lines.add(new OrderLineItem(lines.size() + 1, quantity(matcher.group(1)), matcher.group(2)));
			}
		}
		return lines;
	}

	private static int quantity(String value) {
		int quantity;
		try {
			quantity = Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new UnreadableDocumentException("unreadable quantity '" + value + "'");
		}
		if (quantity < 1 || quantity > MAX_QUANTITY) {
			throw new UnreadableDocumentException("quantity " + quantity + " out of range");
		}
		return quantity;
	}

}
