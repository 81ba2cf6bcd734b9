package io.observability.spring.health.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.observability.spring.health.internal.ComponentNames;
import io.observability.spring.internal.PropertyBounds;

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
	 * Timeout of individual dependencies, by component name (for example 'db') or path of
	 * a composite's member ('[db/replica]'), overriding 'observability.health.timeout'.
	 */
	private Map<String, Duration> timeouts = new LinkedHashMap<>();

	/**
	 * How long the result of a dependency check is reused. Zero checks on every request,
	 * still at most one check at a time per dependency.
	 */
	private Duration cacheTtl = Duration.ofSeconds(1);

	/**
	 * How long the checks that run once at start-up, before readiness accepts traffic,
	 * may take. Longer than the timeout: a client's first call connects and initialises
	 * far more than later calls.
	 */
	private Duration startupAllowance = Duration.ofSeconds(5);

	/**
	 * How long the application keeps serving after readiness turns OUT_OF_SERVICE on
	 * shutdown, before the web server stops. Set it to cover the time Kubernetes takes to
	 * remove the pod from its endpoints, instead of a preStop sleep.
	 */
	private Duration drainDelay = Duration.ZERO;

	/**
	 * Readiness mode of individual dependencies, by component name (for example
	 * 'redis=degraded') or path of a composite's member ('[db/replica]'): 'required'
	 * dependencies are members of the readiness group, 'degraded' ones only of
	 * '/actuator/health' and the health metrics.
	 */
	private final Map<String, ReadinessMode> readiness = new LinkedHashMap<>();

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
	 * Return the timeout of the dependency with the given component name, resolved as
	 * {@link ComponentNames#find} does.
	 * @param name the component name ({@code parent/child} for a member of a composite)
	 * @return its own timeout or its nearest composite's if set, otherwise the default
	 * timeout
	 */
	public Duration timeoutFor(String name) {
		return find(this.timeouts, name, this.timeout);
	}

	private static <V> V find(Map<String, V> values, String name, V defaultValue) {
		V value = ComponentNames.find(values, name);
		return (value != null) ? value : defaultValue;
	}

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = PropertyBounds.nonNegative(PREFIX + ".cache-ttl", cacheTtl);
	}

	public Duration getStartupAllowance() {
		return this.startupAllowance;
	}

	public void setStartupAllowance(Duration startupAllowance) {
		this.startupAllowance = PropertyBounds.nonNegative(PREFIX + ".startup-allowance", startupAllowance);
	}

	public Duration getDrainDelay() {
		return this.drainDelay;
	}

	public void setDrainDelay(Duration drainDelay) {
		this.drainDelay = PropertyBounds.nonNegative(PREFIX + ".drain-delay", drainDelay);
	}

	public Map<String, ReadinessMode> getReadiness() {
		return this.readiness;
	}

	/**
	 * Return the readiness mode of the dependency with the given component name, resolved
	 * as {@link ComponentNames#find} does.
	 * @param name the component name ({@code parent/child} for a member of a composite)
	 * @return its mode or its nearest composite's, {@link ReadinessMode#REQUIRED} unless
	 * set
	 */
	public ReadinessMode readinessFor(String name) {
		return find(this.readiness, name, ReadinessMode.REQUIRED);
	}

	public ObjectStorage getObjectStorage() {
		return this.objectStorage;
	}

	/**
	 * Whether a dependency decides readiness.
	 */
	public enum ReadinessMode {

		/**
		 * Member of the readiness group: the pod leaves the load balancer while the
		 * dependency is down.
		 */
		REQUIRED,

		/**
		 * In '/actuator/health' and the health metrics, but not in the readiness group:
		 * the pod keeps serving, degraded, while the dependency is down.
		 */
		DEGRADED

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
