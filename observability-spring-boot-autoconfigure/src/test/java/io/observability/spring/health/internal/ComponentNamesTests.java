package io.observability.spring.health.internal;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ComponentNames}.
 *
 * @author Observability Spring Boot contributors
 */
class ComponentNamesTests {

	@Test
	void memberTakesItsOwnValueBeforeItsCompositesOne() {
		Map<String, String> values = Map.of("db", "composite", "db/replica", "member");
		assertThat(ComponentNames.find(values, "db/replica")).isEqualTo("member");
		assertThat(ComponentNames.find(values, "db/primary")).isEqualTo("composite");
		assertThat(ComponentNames.find(values, "db")).isEqualTo("composite");
		assertThat(ComponentNames.find(values, "redis")).isNull();
	}

	@Test
	void namesCompareWithoutRegardToCaseDashesAndUnderscores() {
		assertThat(ComponentNames.find(Map.of("object-storage", 1), "objectStorage")).isEqualTo(1);
		assertThat(ComponentNames.find(Map.of("objectstorage", 2), "objectStorage")).isEqualTo(2);
		assertThat(ComponentNames.find(Map.of("routing-db/read_replica", 3), "routingDb/readReplica")).isEqualTo(3);
	}

	@Test
	void compositeIsNotNamedByOneOfItsMembers() {
		assertThat(ComponentNames.isNamed(List.of("db/replica"), "db/replica")).isTrue();
		assertThat(ComponentNames.isNamed(List.of("db/replica"), "db")).isFalse();
		assertThat(ComponentNames.isNamed(List.of("db/replica"), "db/primary")).isFalse();
		assertThat(ComponentNames.isNamed(List.of("db"), "db/primary")).isTrue();
	}

	@Test
	void excludedMemberIsNoDependencyButItsCompositeIs() {
		DependencyHealthContributors dependencies = new DependencyHealthContributors(List.of("db/replica"));
		assertThat(dependencies.test("db")).isTrue();
		assertThat(dependencies.test("db/primary")).isTrue();
		assertThat(dependencies.test("db/replica")).isFalse();
		assertThat(dependencies.test("diskSpace")).isFalse();
	}

}
