package io.observability.spring.logging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

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
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small web application, started in its own JVM by {@link JsonLoggingApplicationTests},
 * that logs secrets in every way an application can, inside a request and a child span.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({ JsonLoggingTestApplication.LoginController.class, JsonLoggingTestApplication.AuditLog.class })
public class JsonLoggingTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(JsonLoggingTestApplication.class, args);
	}

	@RestController
	static class LoginController {

		private static final Logger logger = LoggerFactory.getLogger(LoginController.class);

		private final ObservationRegistry observationRegistry;

		private final AuditLog auditLog;

		LoginController(ObservationRegistry observationRegistry, AuditLog auditLog) {
			this.observationRegistry = observationRegistry;
			this.auditLog = auditLog;
		}

		@GetMapping("/login")
		ResponseEntity<String> login() {
			MDC.put("secret", "hunter2-mdc-field");
			MDC.put("login_attempt", "user=alice password=hunter2-mdc-value");
			try {
				Observation.createNotStarted("check.credentials", this.observationRegistry).observe(() -> {
					logger.info("Checking credentials {}", StructuredArguments.kv("password", "hunter2-argument"),
							StructuredArguments.kv("attempt", 3));
					logger.info("Login for alice with password=hunter2-message");
					logger.warn("Login failed", new IllegalStateException("Login failed", rootCause(60)));
					this.auditLog.loginFailed("alice").join();
				});
			}
			finally {
				MDC.remove("secret");
				MDC.remove("login_attempt");
			}
			return ResponseEntity.ok().body("denied");
		}

		static RuntimeException rootCause(int depth) {
			if (depth == 0) {
				return new UncheckedIOException(new IOException("Directory unreachable"));
			}
			return rootCause(depth - 1);
		}

	}

	public static class AuditLog {

		private static final Logger logger = LoggerFactory.getLogger(AuditLog.class);

		@Async
		public CompletableFuture<Void> loginFailed(String user) {
			logger.info("Failed login of {}", user);
			return CompletableFuture.completedFuture(null);
		}

	}

}
