package io.observability.spring.health.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.observability.spring.health.HealthCheckListener;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Exports health as metrics, so that alert rules can fire on a dependency that is down.
 * <ul>
 * <li>{@value #STATUS_METER} gauge, tag {@code component}: {@code 1} when the component
 * is {@code UP}, {@code 0} otherwise. A dependency reports the result of its latest check
 * (a timed-out check reads {@code 0}); reading the gauge never starts a check. Its gauge
 * appears with its first check, also for contributors registered after start-up. Other
 * components, registered at start-up, are asked directly.
 * <li>{@value #DURATION_METER} timer, tags {@code component} and {@code status}: the
 * duration of each completed dependency check.
 * <li>{@value #ABANDONED_METER} counter, tag {@code component}: checks still running when
 * their next attempt was due, interrupted and ignored.
 * </ul>
 * Members of a composite are named {@code parent/child}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class HealthMetrics implements MeterBinder, HealthCheckListener {

	/**
	 * Name of the status gauge.
	 */
	public static final String STATUS_METER = "health.status";

	/**
	 * Name of the check duration timer.
	 */
	public static final String DURATION_METER = "health.check.duration";

	/**
	 * Name of the abandoned checks counter.
	 */
	public static final String ABANDONED_METER = "health.check.abandoned";

	private static final String COMPONENT = "component";

	private final Supplier<@Nullable HealthContributors> contributors;

	private final Predicate<String> dependency;

	private final Map<String, Status> statuses = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Create a new instance.
	 * @param contributors supplies the contributors that are not dependencies, usually
	 * the health contributor registry; may supply {@code null} when there is none
	 * @param dependency which top-level names are dependencies, exported from their
	 * checks
	 */
	public HealthMetrics(Supplier<@Nullable HealthContributors> contributors, Predicate<String> dependency) {
		this.contributors = contributors;
		this.dependency = dependency;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		this.statuses.keySet().forEach((name) -> registerStatusGauge(registry, name));
		HealthContributors contributors = this.contributors.get();
		if (contributors != null) {
			contributors.stream()
				.filter((entry) -> !this.dependency.test(entry.name()))
				.forEach((entry) -> registerLocal(registry, entry.name(), entry.contributor()));
		}
	}

	private void registerLocal(MeterRegistry registry, String name, HealthContributor contributor) {
		if (contributor instanceof CompositeHealthContributor composite) {
			composite.stream()
				.forEach((entry) -> registerLocal(registry, name + "/" + entry.name(), entry.contributor()));
		}
		else if (contributor instanceof HealthIndicator indicator) {
			Gauge.builder(STATUS_METER, indicator, HealthMetrics::value)
				.tag(COMPONENT, name)
				.description("Health of the component: 1 when UP, 0 otherwise")
				.strongReference(true)
				.register(registry);
		}
	}

	private static double value(HealthIndicator indicator) {
		Health health = indicator.health(false);
		return (health != null && Status.UP.equals(health.getStatus())) ? 1 : 0;
	}

	private void registerStatusGauge(MeterRegistry registry, String name) {
		Gauge.builder(STATUS_METER, this.statuses, (statuses) -> Status.UP.equals(statuses.get(name)) ? 1 : 0)
			.tag(COMPONENT, name)
			.description("Health of the component: 1 when UP, 0 otherwise")
			.strongReference(true)
			.register(registry);
	}

	private void status(String name, Status status) {
		Status previous = this.statuses.put(name, status);
		MeterRegistry registry = this.registry;
		if (previous == null && registry != null) {
			registerStatusGauge(registry, name);
		}
	}

	@Override
	public void onCheckCompleted(String name, Health health, Duration duration) {
		status(name, health.getStatus());
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Timer.builder(DURATION_METER)
				.tag(COMPONENT, name)
				.tag("status", health.getStatus().getCode())
				.description("Duration of dependency health checks")
				.register(registry)
				.record(duration);
		}
	}

	@Override
	public void onCheckTimedOut(String name, Duration timeout) {
		status(name, Status.DOWN);
	}

	@Override
	public void onCheckAbandoned(String name) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Counter.builder(ABANDONED_METER)
				.tag(COMPONENT, name)
				.description("Dependency health checks still running when the next attempt was due")
				.register(registry)
				.increment();
		}
	}

}
