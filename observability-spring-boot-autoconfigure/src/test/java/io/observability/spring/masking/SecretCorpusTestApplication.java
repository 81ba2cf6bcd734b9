package io.observability.spring.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A web application, started in its own JVM by {@link SecretCorpusApplicationTests}, that
 * writes every secret of the {@link SecretCorpus} through every channel an application
 * has: log text, key-values, MDC, structured arguments, exceptions, span attributes and
 * events, and URLs of outbound calls.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SecretCorpusTestApplication.CorpusController.class)
public class SecretCorpusTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(SecretCorpusTestApplication.class, args);
	}

	@RestController
	static class CorpusController {

		private static final Logger logger = LoggerFactory.getLogger(CorpusController.class);

		private final ObservationRegistry observationRegistry;

		private final RestClient restClient;

		private final Environment environment;

		CorpusController(ObservationRegistry observationRegistry, RestClient.Builder restClient,
				Environment environment) {
			this.observationRegistry = observationRegistry;
			this.restClient = restClient.build();
			this.environment = environment;
		}

		@GetMapping("/corpus")
		String corpus() {
			for (int i = 0; i < SecretCorpus.MESSAGES.size(); i++) {
				logger.info(SecretCorpus.MESSAGES.get(i).formatted(SecretCorpus.secret(i)));
			}
			MDC.put("secret_token", SecretCorpus.secret(24));
			MDC.put("login", "user=alice password=" + SecretCorpus.secret(25));
			MDC.put("document_id", "doc-from-mdc");
			try {
				logger.atInfo()
					.addKeyValue("password", SecretCorpus.secret(26))
					.addKeyValue("db_password", SecretCorpus.secret(27))
					.addKeyValue("clientSecret", SecretCorpus.secret(28))
					.addKeyValue("X-Api-Key", SecretCorpus.secret(29))
					.addKeyValue("note", "retry with token=" + SecretCorpus.secret(30))
					.addKeyValue("document_id", "doc-from-key-value")
					.log("Key-values of document doc-1");
				logger.info("Structured {} {} {} {}", StructuredArguments.kv("client_secret", SecretCorpus.secret(31)),
						StructuredArguments.kv("auth", "Bearer " + SecretCorpus.secret(32)),
						StructuredArguments.kv("config", Map.of("password", SecretCorpus.secret(33), "pool", 5)),
						StructuredArguments.kv("dsn", "postgresql://app:" + SecretCorpus.secret(34) + "@db/orders"));
				logger.atError()
					.addKeyValue("order", Order.withCycle(SecretCorpus.secret(35)))
					.addKeyValue("account", new ThrowingGetter(SecretCorpus.secret(36)))
					.setCause(new IllegalStateException("cannot reach redis://:" + SecretCorpus.secret(37) + "@cache",
							new IllegalArgumentException("rejected api_key=" + SecretCorpus.secret(38))))
					.log("Order with a cycle failed");
			}
			finally {
				MDC.remove("secret_token");
				MDC.remove("login");
				MDC.remove("document_id");
			}
			String base = "http://127.0.0.1:" + this.environment.getProperty("local.server.port");
			this.restClient.get()
				.uri(base + "/items/9?api_key=" + SecretCorpus.secret(39))
				.retrieve()
				.toBodilessEntity();
			this.restClient.get()
				.uri(base + "/items/10?page=1&token=" + SecretCorpus.secret(40))
				.retrieve()
				.toBodilessEntity();
			Observation observation = Observation.createNotStarted("corpus.check", this.observationRegistry)
				.highCardinalityKeyValue("session.token", SecretCorpus.secret(41))
				.highCardinalityKeyValue("query", "user=bob&password=" + SecretCorpus.secret(42))
				.start();
			observation.error(new IllegalStateException("check failed password=" + SecretCorpus.secret(43)));
			observation.stop();
			return "ok";
		}

		@GetMapping("/items/{id}")
		String item(@PathVariable String id) {
			return id;
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("login failed password=" + SecretCorpus.secret(44) + " for bob");
		}

	}

	public static final class Order {

		private final List<Line> lines = new ArrayList<>();

		private final String note;

		Order(String note) {
			this.note = note;
		}

		public List<Line> getLines() {
			return this.lines;
		}

		static Order withCycle(String secret) {
			Order order = new Order("password=" + secret);
			order.lines.add(new Line(order));
			return order;
		}

		@Override
		public String toString() {
			return "Order[id=7, " + this.note + "]";
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

		private final String secret;

		ThrowingGetter(String secret) {
			this.secret = secret;
		}

		public String getName() {
			throw new IllegalStateException("getter failed with password=" + this.secret);
		}

		@Override
		public String toString() {
			return "Account[user=bob, password=" + this.secret + "]";
		}

	}

}
