package io.observability.spring.health;

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
	 * @param excluded further names that are not treated as dependencies
	 */
	public DependencyHealthContributors(Collection<String> excluded) {
		this.excluded = Set.copyOf(excluded);
	}

	/**
	 * Return whether the contributor with the given name, or the composite that holds it
	 * ({@code parent/child}), is a dependency.
	 * @param name the contributor name
	 * @return whether it is a dependency
	 */
	@Override
	public boolean test(String name) {
		int slash = name.indexOf('/');
		String topLevel = (slash != -1) ? name.substring(0, slash) : name;
		return !LOCAL_CONTRIBUTORS.contains(topLevel) && !this.excluded.contains(topLevel);
	}

}
