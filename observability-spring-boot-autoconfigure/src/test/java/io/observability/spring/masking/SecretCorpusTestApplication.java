package io.observability.spring.masking;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import net.logstash.logback.argument.StructuredArguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A web application, started in its own JVM by {@link SecretCorpusApplicationTests}, that
 * writes every secret of the {@link SecretCorpus} through every channel an application
 * has: log text, key-values, MDC, structured arguments, exceptions, span attributes and
 * events, URLs of outbound calls, and health: Spring Boot's {@code db} and {@code redis}
 * and the starter's {@code objectStorage} against real servers, with failing members
 * whose exception messages, configuration or details carry secrets.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ SecretCorpusTestApplication.CorpusController.class, SecretCorpusTestApplication.HealthConfiguration.class })
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

	/**
	 * Dependencies whose health carries secrets: a second data source with a mistyped
	 * JDBC URL that holds passwords (the driver rejects it, quoting it), Spring Boot's
	 * Redis indicator on a client with a password against a closed port, and indicators
	 * of the application that fail with secrets in an exception message (of a class whose
	 * name does not end in "Exception"), in an error text or in their details.
	 */
	@Configuration(proxyBeanMethods = false)
	static class HealthConfiguration {

		@Bean
		HikariDataSource primary(Environment environment) {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(environment.getRequiredProperty("corpus.postgres.url"));
			dataSource.setUsername(environment.getRequiredProperty("corpus.postgres.username"));
			dataSource.setPassword(environment.getProperty("corpus.postgres.password", ""));
			dataSource.setMaximumPoolSize(2);
			return dataSource;
		}

		@Bean
		HikariDataSource reports() {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setDriverClassName("org.postgresql.Driver");
			dataSource.setJdbcUrl("jdbc:postgresq://app:" + SecretCorpus.secret(46)
					+ "@127.0.0.1:5432/reports?password=" + SecretCorpus.secret(47));
			dataSource.setConnectionTimeout(250);
			dataSource.setMaximumPoolSize(1);
			return dataSource;
		}

		@Bean
		S3Client s3Client(Environment environment) {
			return S3Client.builder()
				.endpointOverride(URI.create(environment.getRequiredProperty("corpus.s3.endpoint")))
				.region(Region.US_EAST_1)
				.forcePathStyle(true)
				.credentialsProvider(StaticCredentialsProvider
					.create(AwsBasicCredentials.create(environment.getRequiredProperty("corpus.s3.access-key"),
							environment.getRequiredProperty("corpus.s3.secret-key"))))
				.httpClient(UrlConnectionHttpClient.create())
				.build();
		}

		// Not a bean: Spring Boot's own Redis connection factory and indicator stay
		@Bean
		SessionStoreHealthIndicator sessionStoreHealthIndicator(Environment environment) {
			RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1",
					environment.getRequiredProperty("corpus.session-store.port", Integer.class));
			configuration.setPassword(SecretCorpus.secret(48));
			LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
			factory.afterPropertiesSet();
			factory.start();
			return new SessionStoreHealthIndicator(factory);
		}

		@Bean
		HealthIndicator paymentsHealthIndicator() {
			return () -> {
				throw new IllegalStateException(
						"login failed password=" + SecretCorpus.secret(49) + " token=" + SecretCorpus.secret(50));
			};
		}

		@Bean
		HealthIndicator ledgerHealthIndicator() {
			return () -> Health
				.down(new LedgerRefusal("refused api_key=" + SecretCorpus.secret(51) + " via jdbc:postgresql://app:"
						+ SecretCorpus.secret(52) + "@ledger/books"))
				.build();
		}

		@Bean
		HealthIndicator vaultHealthIndicator() {
			return () -> Health.up()
				.withDetail("endpoint", "https://svc:" + SecretCorpus.secret(53) + "@vault.internal/v1")
				.withDetail("client_secret", SecretCorpus.secret(54))
				.build();
		}

		@Bean
		HealthIndicator mailerHealthIndicator() {
			return () -> Health.down()
				.withDetail("error", "smtp login failed for bob password=" + SecretCorpus.secret(55))
				.build();
		}

	}

	/**
	 * Spring Boot's Redis indicator on a connection factory of its own.
	 */
	static final class SessionStoreHealthIndicator implements HealthIndicator, DisposableBean {

		private final LettuceConnectionFactory connectionFactory;

		private final DataRedisHealthIndicator delegate;

		SessionStoreHealthIndicator(LettuceConnectionFactory connectionFactory) {
			this.connectionFactory = connectionFactory;
			this.delegate = new DataRedisHealthIndicator(connectionFactory);
		}

		@Override
		public Health health() {
			return this.delegate.health();
		}

		@Override
		public void destroy() {
			this.connectionFactory.destroy();
		}

	}

	/**
	 * An exception whose class name does not say it is one.
	 */
	public static final class LedgerRefusal extends RuntimeException {

		LedgerRefusal(String message) {
			super(message);
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
