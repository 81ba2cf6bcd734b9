package io.observability.sample;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Order-intake service: inbound documents become draft orders, approved orders go to the
 * ERP.
 *
 * @author Observability Spring Boot contributors
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableAsync
@EnableCaching
public class SampleApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
