package io.observability.spring.benchmarks.load;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application every variant of the load benchmark runs; the variants differ only in
 * their dependencies and configuration.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootApplication
public class LoadBenchmarkApplication {

	public static void main(String[] args) {
		SpringApplication.run(LoadBenchmarkApplication.class, args);
	}

}
