package io.observability.spring.health.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.observability.spring.autoconfigure.PropertyBounds;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for dependency health.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties(DependencyHealthProperties.PREFIX)
public class DependencyHealthProperties {

	/**
	 * Prefix of the dependency health properties.
	 */
	public static final String PREFIX = "observability.health";

	/**
	 * Whether to enable dependency health: indicators, bounded checks, readiness
	 * membership, shutdown drain and health metrics.
	 */
	private boolean enabled = true;

	/**
	 * How long a health request waits for a dependency check before reporting it DOWN.
	 */
	private Duration timeout = Duration.ofSeconds(1);

	/**
	 * Timeout of individual dependencies, by component name (for example 'db'),
	 * overriding 'observability.health.timeout'.
	 */
	private Map<String, Duration> timeouts = new LinkedHashMap<>();

	/**
	 * How long the result of a dependency check is reused. Zero checks on every request,
	 * still at most one check at a time per dependency.
	 */
	private Duration cacheTtl = Duration.ofSeconds(1);

	/**
	 * Maximum number of dependency checks that run at the same time.
	 */
	private int threads = 4;

	/**
	 * How long the application keeps serving after readiness turns OUT_OF_SERVICE on
	 * shutdown, before the web server stops. Set it to cover the time Kubernetes takes to
	 * remove the pod from its endpoints, instead of a preStop sleep.
	 */
	private Duration drainDelay = Duration.ZERO;

	private final Readiness readiness = new Readiness();

	private final ObjectStorage objectStorage = new ObjectStorage();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = PropertyBounds.positive(PREFIX + ".timeout", timeout);
	}

	public Map<String, Duration> getTimeouts() {
		return this.timeouts;
	}

	public void setTimeouts(Map<String, Duration> timeouts) {
		timeouts.forEach((name, timeout) -> PropertyBounds.positive(PREFIX + ".timeouts." + name, timeout));
		this.timeouts = new LinkedHashMap<>(timeouts);
	}

	/**
	 * Return the timeout of the dependency with the given component name.
	 * @param name the component name
	 * @return its own timeout if set, otherwise the default timeout
	 */
	public Duration timeoutFor(String name) {
		Duration timeout = this.timeouts.get(name);
		if (timeout != null) {
			return timeout;
		}
		// Keys come as written: objectstorage from
		// OBSERVABILITY_HEALTH_TIMEOUTS_OBJECTSTORAGE,
		// object-storage in kebab case
		String relaxedName = relaxed(name);
		return this.timeouts.entrySet()
			.stream()
			.filter((entry) -> relaxed(entry.getKey()).equals(relaxedName))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(this.timeout);
	}

	private static String relaxed(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = PropertyBounds.nonNegative(PREFIX + ".cache-ttl", cacheTtl);
	}

	public int getThreads() {
		return this.threads;
	}

	public void setThreads(int threads) {
		this.threads = PropertyBounds.between(PREFIX + ".threads", threads, 1, 1000);
	}

	public Duration getDrainDelay() {
		return this.drainDelay;
	}

	public void setDrainDelay(Duration drainDelay) {
		this.drainDelay = PropertyBounds.nonNegative(PREFIX + ".drain-delay", drainDelay);
	}

	public Readiness getReadiness() {
		return this.readiness;
	}

	public ObjectStorage getObjectStorage() {
		return this.objectStorage;
	}

	/**
	 * Readiness group membership.
	 */
	public static class Readiness {

		/**
		 * Names of dependencies to keep out of the readiness group (they stay in
		 * '/actuator/health').
		 */
		private Set<String> exclude = new LinkedHashSet<>();

		public Set<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(Set<String> exclude) {
			this.exclude = exclude;
		}

	}

	/**
	 * Object storage indicator.
	 */
	public static class ObjectStorage {

		/**
		 * Buckets that must exist, checked with HeadBucket. When empty, the indicator
		 * checks the service with ListBuckets.
		 */
		private List<String> buckets = new ArrayList<>();

		public List<String> getBuckets() {
			return this.buckets;
		}

		public void setBuckets(List<String> buckets) {
			this.buckets = buckets;
		}

	}

}
