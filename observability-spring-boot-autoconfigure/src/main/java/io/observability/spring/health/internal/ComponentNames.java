package io.observability.spring.health.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The one way a health component is looked up in what the application configures by
 * component name (timeouts, readiness modes, readiness exclusions): a member of a
 * composite is named {@code parent/child}, as Spring Boot names it in the health endpoint
 * and its groups, and the setting of the nearest named path applies, the member's own
 * before its composite's. Names compare without regard to case, {@code -} and {@code _},
 * so that {@code object-storage} and an environment variable's {@code objectstorage} name
 * {@code objectStorage}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class ComponentNames {

	private ComponentNames() {
	}

	/**
	 * Return the value configured for the component of the given path or, failing that,
	 * for the nearest composite that holds it.
	 * @param values the configured values, by component name or path
	 * @param path the component path, for example {@code db} or {@code db/replica}
	 * @param <V> the value type
	 * @return the value, or {@code null} if none applies
	 */
	public static <V> @Nullable V find(Map<String, V> values, String path) {
		for (String candidate = path; candidate != null; candidate = parent(candidate)) {
			V value = values.get(candidate);
			if (value != null) {
				return value;
			}
			String relaxed = relaxed(candidate);
			for (Map.Entry<String, V> entry : values.entrySet()) {
				if (relaxed(entry.getKey()).equals(relaxed)) {
					return entry.getValue();
				}
			}
		}
		return null;
	}

	/**
	 * Return whether the component of the given path, or a composite that holds it, is
	 * one of the given names.
	 * @param names the component names or paths
	 * @param path the component path
	 * @return whether the component is named
	 */
	public static boolean isNamed(Collection<String> names, String path) {
		for (String candidate = path; candidate != null; candidate = parent(candidate)) {
			String relaxed = relaxed(candidate);
			for (String name : names) {
				if (relaxed(name).equals(relaxed)) {
					return true;
				}
			}
		}
		return false;
	}

	private static @Nullable String parent(String path) {
		int slash = path.lastIndexOf('/');
		return (slash != -1) ? path.substring(0, slash) : null;
	}

	/**
	 * Return the top-level name of a component path.
	 * @param path the component path
	 * @return the name of its top-level component
	 */
	static String topLevel(String path) {
		int slash = path.indexOf('/');
		return (slash != -1) ? path.substring(0, slash) : path;
	}

	// Map keys are bound as written: objectstorage from an environment variable,
	// object-storage in kebab case
	private static String relaxed(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

}
