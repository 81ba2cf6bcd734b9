package io.observability.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.observability.spring.web.autoconfigure.WebObservabilityProperties;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the IDE metadata that the configuration processor generates for the starter's
 * properties.
 *
 * @author Observability Spring Boot contributors
 */
class ConfigurationMetadataTests {

	@Test
	void everyStarterPropertyHasADescription() throws IOException {
		List<Map<String, Object>> properties = starterProperties();
		assertThat(properties).isNotEmpty();
		assertThat(properties).allSatisfy(
				(property) -> assertThat(property.get("description")).as("description of %s", property.get("name"))
					.asString()
					.isNotBlank());
	}

	@Test
	void masterSwitchIsDocumentedWithItsDefault() throws IOException {
		assertThat(starterProperties()).anySatisfy((property) -> {
			assertThat(property.get("name")).isEqualTo("observability.enabled");
			assertThat(property.get("defaultValue")).isEqualTo(true);
		});
	}

	@Test
	void listDefaultsThatTheProcessorCannotReadAreDocumentedAsInTheCode() throws IOException {
		assertThat(defaultValue("observability.web.request-id.incoming-headers"))
			.isEqualTo(new WebObservabilityProperties().getRequestId().getIncomingHeaders());
	}

	private Object defaultValue(String name) throws IOException {
		return starterProperties().stream()
			.filter((property) -> name.equals(property.get("name")))
			.findFirst()
			.orElseThrow()
			.get("defaultValue");
	}

	@Test
	void objectStorageHealthFlagIsDocumented() throws IOException {
		try (InputStream metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			List<Map<String, Object>> flags = JsonPath.parse(metadata)
				.read("$.properties[?(@.name == 'management.health.object-storage.enabled')]");
			assertThat(flags).singleElement()
				.satisfies((flag) -> assertThat(flag.get("description")).asString().isNotBlank());
		}
	}

	private List<Map<String, Object>> starterProperties() throws IOException {
		try (InputStream metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			return JsonPath.parse(metadata).read("$.properties[?(@.name =~ /observability\\..*/)]");
		}
	}

}
