package io.observability.spring.logging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.annotation.JsonValue;
import io.observability.spring.logging.internal.LoggedValueReplacements;
import io.observability.spring.masking.MaskingProperties;
import io.observability.spring.masking.internal.MaskingPolicy;
import net.logstash.logback.argument.StructuredArguments;
import net.logstash.logback.marker.Markers;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonLogFormatter}.
 *
 * @author Observability Spring Boot contributors
 */
class JsonLogFormatterTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final JsonMapper strict = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

	private final Logger logger = this.context.getLogger("com.example.Orders");

	private final ObservabilityLoggingProperties properties = new ObservabilityLoggingProperties();

	private final MaskingProperties masking = new MaskingProperties();

	@Test
	void fieldNamesAreMaskedWithoutRegardToCase() {
		JsonNode line = format(event("Calling ERP {} {}", StructuredArguments.kv("Authorization", "Basic dXNlcg=="),
				StructuredArguments.kv("Set-Cookie", "session=42")));
		assertThat(line.get("Authorization").asString()).isEqualTo("****");
		assertThat(line.get("Set-Cookie").asString()).isEqualTo("****");
	}

	@Test
	void configuredNamesMatchFieldsThatContainThemInAnyCaseAndWithAnySeparator() {
		this.masking.setNames(List.of("IBAN"));
		JsonNode line = format(event("Refund {} {} {} {}", StructuredArguments.kv("iban", "DE89370400440532013000"),
				StructuredArguments.kv("payer_IBAN", "DE1"), StructuredArguments.kv("payerIban", "DE2"),
				StructuredArguments.kv("bank", "kept")));
		assertThat(line.get("iban").asString()).isEqualTo("****");
		assertThat(line.get("payer_IBAN").asString()).isEqualTo("****");
		assertThat(line.get("payerIban").asString()).isEqualTo("****");
		assertThat(line.get("bank").asString()).isEqualTo("kept");
	}

	@Test
	void builtInNamesMatchFieldsThatContainThem() {
		JsonNode line = format(event("Connecting {} {} {} {}", StructuredArguments.kv("db_password", "p1"),
				StructuredArguments.kv("clientSecret", "s1"), StructuredArguments.kv("X-Api-Key", "k1"),
				StructuredArguments.kv("aws_secret_access_key", "a1")));
		assertThat(line.get("db_password").asString()).isEqualTo("****");
		assertThat(line.get("clientSecret").asString()).isEqualTo("****");
		assertThat(line.get("X-Api-Key").asString()).isEqualTo("****");
		assertThat(line.get("aws_secret_access_key").asString()).isEqualTo("****");
	}

	@Test
	void secretNamesStayMaskedOnEveryLineOnceTheirDecisionIsCached() {
		JsonLogFormatter formatter = new JsonLogFormatter(this.properties, MaskingPolicy.of(this.masking), "orders",
				this.context);
		for (int line = 0; line < 3; line++) {
			LoggingEvent event = event("Calling {} {}", StructuredArguments.kv("X-Api-Key", "k" + line),
					StructuredArguments.kv("x_api_KEY", "K" + line));
			event.addKeyValuePair(new KeyValuePair("db_password", "p" + line));
			event.addKeyValuePair(new KeyValuePair("uri", "/orders/{id}"));
			JsonNode json = JsonLogFormatterTests.json.readTree(formatter.format(event));
			assertThat(json.get("X-Api-Key").asString()).isEqualTo("****");
			assertThat(json.get("x_api_KEY").asString()).isEqualTo("****");
			assertThat(json.get("db_password").asString()).isEqualTo("****");
			assertThat(json.get("uri").asString()).isEqualTo("/orders/{id}");
		}
	}

	@Test
	void aRawUriInTheAccessLogIsMasked() {
		// A user's server request convention may put the raw path into the uri key value
		LoggingEvent event = new LoggingEvent(Logger.class.getName(),
				this.context.getLogger("io.observability.spring.web.access"), Level.INFO,
				"GET /reset;password=hunter2/x?token=t0k3n 404 in 1.5 ms", null, null);
		event.addKeyValuePair(new KeyValuePair("method", "GET"));
		event.addKeyValuePair(new KeyValuePair("uri", "/reset;password=hunter2/x?token=t0k3n"));
		event.addKeyValuePair(new KeyValuePair("status", 404));
		event.addKeyValuePair(new KeyValuePair("duration_ms", 1.5));
		JsonNode line = format(event);
		assertThat(line.get("uri").asString()).startsWith("/reset;password=****")
			.doesNotContain("hunter2")
			.doesNotContain("t0k3n");
		assertThat(line.get("message").asString()).startsWith("GET /reset;password=****")
			.endsWith(" 404 in 1.5 ms")
			.doesNotContain("hunter2")
			.doesNotContain("t0k3n");
		assertThat(line.get("method").asString()).isEqualTo("GET");
		assertThat(line.get("status").asInt()).isEqualTo(404);
	}

	@Test
	void fieldNameStartingWithNonAsciiLetterIsComparedWithoutRegardToCase() {
		this.masking.setNames(List.of("key"));
		// U+212A KELVIN SIGN equals 'k' without regard to case
		JsonNode line = format(event("Signed {}", StructuredArguments.kv("\u212Aey", "s3cr3t")));
		assertThat(line.get("\u212Aey").asString()).isEqualTo("****");
	}

	@Test
	void keyValuePairsAndArgumentsKeepTheirJsonTypes() {
		LoggingEvent event = event("Served {}", StructuredArguments.kv("cached", true));
		event.addKeyValuePair(new KeyValuePair("status", 200));
		event.addKeyValuePair(new KeyValuePair("bytes", 5_000_000_000L));
		event.addKeyValuePair(new KeyValuePair("duration_ms", 1.25));
		event.addKeyValuePair(new KeyValuePair("uri", "/orders/{id}"));
		event.addKeyValuePair(new KeyValuePair("tags", List.of("a", "b")));
		event.addKeyValuePair(new KeyValuePair("password", "hunter2"));
		event.addKeyValuePair(new KeyValuePair("query", "user=alice&token=abc"));
		JsonNode line = format(event);
		assertThat(line.get("cached").isBoolean()).isTrue();
		assertThat(line.get("cached").asBoolean()).isTrue();
		assertThat(line.get("status").isInt()).isTrue();
		assertThat(line.get("status").asInt()).isEqualTo(200);
		assertThat(line.get("bytes").asLong()).isEqualTo(5_000_000_000L);
		assertThat(line.get("duration_ms").isDouble()).isTrue();
		assertThat(line.get("duration_ms").asDouble()).isEqualTo(1.25);
		assertThat(line.get("uri").asString()).isEqualTo("/orders/{id}");
		assertThat(line.get("tags").isArray()).isTrue();
		assertThat(line.get("tags").get(1).asString()).isEqualTo("b");
		assertThat(line.get("password").asString()).isEqualTo("****");
		assertThat(line.get("query").asString()).isEqualTo("user=alice&token=****");
	}

	@Test
	void nestedFieldsAndMarkersAreMasked() {
		LoggingEvent event = event("Token refreshed");
		event.addMarker(Markers.append("oauth", Map.of("access_token", "eyJhbGciOi", "expires_in", 3600)));
		JsonNode line = format(event);
		assertThat(line.get("oauth").get("access_token").asString()).isEqualTo("****");
		assertThat(line.get("oauth").get("expires_in").asInt()).isEqualTo(3600);
	}

	@Test
	void secretsWrittenAsTextAreMaskedButNotTheirNames() {
		assertThat(message("Login with password=hunter2&user=alice")).isEqualTo("Login with password=****&user=alice");
		assertThat(message("Body {\"token\": \"abc.def\"}")).isEqualTo("Body {\"token\": \"****\"}");
		assertThat(message("Header Authorization: Bearer eyJhbGciOi.x-y")).isEqualTo("Header Authorization: ****");
		assertThat(message("Calling with bearer eyJhbGciOi.x-y now")).isEqualTo("Calling with bearer **** now");
		assertThat(message("authorization=Basic dXNlcg== cookie: a=1")).isEqualTo("authorization=**** cookie: ****");
		assertThat(message("API_KEY=k1 and secret: s2")).isEqualTo("API_KEY=**** and secret: ****");
		assertThat(message("Tokenizer started")).isEqualTo("Tokenizer started");
	}

	@Test
	void everySecretInALongTextIsMasked() {
		assertThat(message("password=a, token=b; secret : \"c\" and PASSWD= d"))
			.isEqualTo("password=****, token=****; secret : \"****\" and PASSWD= ****");
		assertThat(message("=x :y password")).isEqualTo("=x :y password");
		assertThat(message("token=" + "x".repeat(10_000) + " then api_key=k"))
			.isEqualTo("token=**** then api_key=****");
		assertThat(message("url=http://host:8080/path?user=alice&password=p#frag"))
			.isEqualTo("url=http://host:8080/path?user=alice&password=****");
	}

	@Test
	void credentialsAfterAnAuthorizationSchemeAreMaskedInTextWithoutSeparators() {
		assertThat(message("Basic dXNlcg then BEARER abc.def and Bearer xyz"))
			.isEqualTo("Basic **** then BEARER **** and Bearer ****");
		assertThat(message("Retry with Bearer Bearer abc")).isEqualTo("Retry with Bearer ****");
		assertThat(message("Unbearer abc, basically fine")).isEqualTo("Unbearer abc, basically fine");
		assertThat(message("Trailing bearer ")).isEqualTo("Trailing bearer ");
	}

	@Test
	void textMaskingTakesTheWholeValue() {
		// HttpHeaders.toString()
		assertThat(message("Sent [Authorization:\"token ghp_x1\", Cookie:\"theme=dark; SESSION=s-777\"]"))
			.isEqualTo("Sent [Authorization:\"****\", Cookie:\"****\"]");
		assertThat(message("Authorization: token ghp_x1")).isEqualTo("Authorization: ****");
		assertThat(message("Proxy-Authorization: ApiKey k-999 sent")).isEqualTo("Proxy-Authorization: **** sent");
		assertThat(message("Cookie: theme=dark; SESSION=s-777")).isEqualTo("Cookie: ****");
		assertThat(message("Set-Cookie: SESSION=s-777; Path=/; HttpOnly, then")).isEqualTo("Set-Cookie: ****, then");
		assertThat(message("password=\"correct horse battery\" user=bob")).isEqualTo("password=\"****\" user=bob");
		assertThat(message("{\"password\":\"\", \"user\":\"bob\"}")).isEqualTo("{\"password\":\"\", \"user\":\"bob\"}");
		assertThat(message("DB_PASSWORD=hunter2 client_secret=abc123&scope=read"))
			.isEqualTo("DB_PASSWORD=**** client_secret=****&scope=read");
	}

	@Test
	void configuredNamesAreAlsoFoundInTextAndAddToTheBuiltInOnes() {
		this.masking.setNames(List.of("IBAN"));
		assertThat(message("Refund to iban=DE89370400440532013000, password=hidden"))
			.isEqualTo("Refund to iban=****, password=****");
	}

	@Test
	void configuredNamesReplaceTheBuiltInOnesOnlyWhenAskedTo() {
		this.masking.setNames(List.of("IBAN"));
		this.masking.setReplaceBuiltInNames(true);
		assertThat(message("Refund to iban=DE89370400440532013000, password=kept"))
			.isEqualTo("Refund to iban=****, password=kept");
	}

	@Test
	void customValuePatternWithGroupMasksTheGroup() {
		this.masking.setPatterns(List.of("card=(\\d+)"));
		assertThat(message("Paid with card=4111111111111111 today")).isEqualTo("Paid with card=**** today");
	}

	@Test
	void customValuePatternWithoutGroupMasksTheWholeMatch() {
		this.masking.setPatterns(List.of("\\b\\d{16}\\b"));
		this.masking.setReplacement("[card]");
		assertThat(message("Paid with 4111111111111111 today")).isEqualTo("Paid with [card] today");
	}

	@Test
	void maskingCanBeTurnedOff() {
		this.properties.getMask().setEnabled(false);
		assertThat(message("password=hunter2")).isEqualTo("password=hunter2");
	}

	@Test
	void serviceFieldIsLeftOutWithoutAName() {
		LoggingEvent event = event("Started");
		JsonNode line = json
			.readTree(new JsonLogFormatter(this.properties, MaskingPolicy.of(this.masking), null, this.context)
				.formatAsBytes(event, StandardCharsets.UTF_8));
		assertThat(line.has("service")).isFalse();
	}

	@Test
	void serviceNameIsEscaped() {
		JsonNode line = json
			.readTree(new JsonLogFormatter(this.properties, MaskingPolicy.of(this.masking), "a\"b", this.context)
				.format(event("x")));
		assertThat(line.get("service").asString()).isEqualTo("a\"b");
	}

	@Test
	void stackTraceRespectsMaximumLength() {
		this.properties.getStackTrace().setMaxLength(200);
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), this.logger, Level.ERROR, "Failed",
				new IllegalStateException("outer", new IllegalArgumentException("inner")), null);
		String stackTrace = format(event).get("stack_trace").asString();
		assertThat(stackTrace).hasSizeLessThanOrEqualTo(200).startsWith("java.lang.IllegalArgumentException: inner");
	}

	@Test
	void keyValueWithACycleIsReplacedAndTheRestOfTheLineIsWritten() {
		long replaced = LoggedValueReplacements.count();
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), this.logger, Level.ERROR, "Order failed",
				new IllegalStateException("boom"), null);
		event.addKeyValuePair(new KeyValuePair("order", Order.withLine()));
		event.addKeyValuePair(new KeyValuePair("status", 500));
		JsonNode line = format(event);
		assertThat(line.get("message").asString()).isEqualTo("Order failed");
		assertThat(line.get("level").asString()).isEqualTo("ERROR");
		assertThat(line.get("status").asInt()).isEqualTo(500);
		assertThat(line.get("stack_trace").asString()).startsWith("java.lang.IllegalStateException: boom");
		assertThat(line.get("order").asString()).startsWith("[unwritable " + Order.class.getName() + ": Order#7");
		assertThat(LoggedValueReplacements.count()).isEqualTo(replaced + 1);
	}

	@Test
	void unwritableValuesOfEveryKindAreReplacedWithMaskedStandInsAndNothingReachesTheStatusOutput() {
		int statuses = this.context.getStatusManager().getCount();
		List<Object> selfReferencing = new ArrayList<>();
		selfReferencing.add(selfReferencing);
		LoggingEvent event = event("Checked {} {}", StructuredArguments.kv("account", new ThrowingGetter()),
				StructuredArguments.kv("attempt", 2));
		event.addKeyValuePair(new KeyValuePair("items", selfReferencing));
		event.addKeyValuePair(new KeyValuePair("handle", new Opaque()));
		event.addMarker(Markers.append("order", Order.withLine()));
		String output = new JsonLogFormatter(this.properties, MaskingPolicy.of(this.masking), "orders", this.context)
			.format(event);
		JsonNode line = json.readTree(output);
		assertThat(line.get("message").asString()).startsWith("Checked account=");
		assertThat(line.get("attempt").asInt()).isEqualTo(2);
		assertThat(line.get("account").asString()).startsWith("[unwritable ").contains("password=****");
		assertThat(line.get("items").asString()).startsWith("[unwritable java.util.ArrayList");
		assertThat(line.get("handle").asString()).startsWith("[unwritable " + Opaque.class.getName());
		assertThat(line.get("order").asString()).startsWith("[unwritable ");
		assertThat(output).doesNotContain("hunter2").doesNotContain("getter-secret");
		assertThat(this.context.getStatusManager().getCount()).isEqualTo(statuses);
	}

	@Test
	void aNameSharedByEverySourceIsWrittenOnceWithTheKeyValueFirst() {
		MDC.put("document_id", "from-mdc");
		MDC.put("service", "from-mdc");
		try {
			LoggingEvent event = event("Matched {}", StructuredArguments.kv("document_id", "from-argument"));
			event.addKeyValuePair(new KeyValuePair("document_id", "from-key-value"));
			event.addKeyValuePair(new KeyValuePair("message", "from-key-value"));
			event.addMarker(Markers.append("document_id", "from-marker"));
			String output = new JsonLogFormatter(this.properties, MaskingPolicy.of(this.masking), "orders",
					this.context)
				.format(event);
			JsonNode line = strict.readTree(output);
			assertThat(line.get("document_id").asString()).isEqualTo("from-key-value");
			assertThat(line.get("message").asString()).isEqualTo("Matched document_id=from-argument");
			assertThat(line.get("service").asString()).isEqualTo("from-mdc");
			assertThat(output).endsWith("\n");
		}
		finally {
			MDC.remove("document_id");
			MDC.remove("service");
		}
	}

	@Test
	void structuredArgumentsWinOverTheMdc() {
		MDC.put("document_id", "from-mdc");
		try {
			JsonNode line = strict
				.readTree(new JsonLogFormatter(this.properties, MaskingPolicy.of(this.masking), "orders", this.context)
					.format(event("Matched {}", StructuredArguments.kv("document_id", "from-argument"))));
			assertThat(line.get("document_id").asString()).isEqualTo("from-argument");
		}
		finally {
			MDC.remove("document_id");
		}
	}

	private String message(String message) {
		return format(event(message)).get("message").asString();
	}

	private JsonNode format(LoggingEvent event) {
		return json
			.readTree(new JsonLogFormatter(this.properties, MaskingPolicy.of(this.masking), "orders", this.context)
				.format(event));
	}

	private LoggingEvent event(String message, Object... arguments) {
		return new LoggingEvent(Logger.class.getName(), this.logger, Level.INFO, message, null, arguments);
	}

	public static final class Order {

		private final List<Line> lines = new ArrayList<>();

		public List<Line> getLines() {
			return this.lines;
		}

		static Order withLine() {
			Order order = new Order();
			order.lines.add(new Line(order));
			return order;
		}

		@Override
		public String toString() {
			return "Order#7 password=hunter2";
		}

	}

	public static final class Line {

		private final Order order;

		Line(Order order) {
			this.order = order;
		}

		public Order getOrder() {
			return this.order;
		}

	}

	public static final class ThrowingGetter {

		public String getName() {
			throw new IllegalStateException("getter-secret password=hunter2");
		}

		@Override
		public String toString() {
			return "Account[user=bob, password=hunter2]";
		}

	}

	// Jackson cannot build a serializer for a type with two values
	public static final class Opaque {

		@JsonValue
		public String first() {
			return "a";
		}

		@JsonValue
		public String second() {
			return "b";
		}

		@Override
		public String toString() {
			return "Opaque handle";
		}

	}

}
