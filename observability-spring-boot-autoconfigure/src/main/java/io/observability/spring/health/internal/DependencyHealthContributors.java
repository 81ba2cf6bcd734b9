package io.observability.spring.health.internal;

import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Tells which health contributors are external dependencies: every contributor except the
 * ones that only look at the application itself ({@code livenessState},
 * {@code readinessState}, {@code ping}, {@code diskSpace} and {@code ssl}).
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class DependencyHealthContributors implements Predicate<String> {

	/**
	 * Names of Spring Boot's contributors that check the application itself.
	 */
	public static final Set<String> LOCAL_CONTRIBUTORS = Set.of("livenessState", "readinessState", "ping", "diskSpace",
			"ssl");

	private final Set<String> excluded;

	/**
	 * Create a new instance.
	 * @param excluded further names or paths ({@code db/replica}) that are not treated as
	 * dependencies
	 */
	public DependencyHealthContributors(Collection<String> excluded) {
		this.excluded = Set.copyOf(excluded);
	}

	/**
	 * Return whether the contributor with the given name ({@code parent/child} for a
	 * member of a composite) is a dependency: neither it nor a composite that holds it is
	 * local or excluded, names compared as {@link ComponentNames} does.
	 * @param name the contributor name
	 * @return whether it is a dependency
	 */
	@Override
	public boolean test(String name) {
		return !LOCAL_CONTRIBUTORS.contains(ComponentNames.topLevel(name))
				&& !ComponentNames.isNamed(this.excluded, name);
	}

}
