package io.observability.spring.health;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
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
 * is {@code UP}, {@code 0} otherwise. A bounded dependency reports its latest result
 * without waiting (and starts a check when it is stale); other components are asked
 * directly.
 * <li>{@value #DURATION_METER} timer, tags {@code component} and {@code status}: the
 * duration of each completed dependency check.
 * </ul>
 * Components are those registered when the binder binds; members of a composite are named
 * {@code parent/child}.
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

	private final Supplier<@Nullable HealthContributors> contributors;

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Create a new instance.
	 * @param contributors supplies the contributors to export, usually the health
	 * contributor registry; may supply {@code null} when there is none
	 */
	public HealthMetrics(Supplier<@Nullable HealthContributors> contributors) {
		this.contributors = contributors;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		HealthContributors contributors = this.contributors.get();
		if (contributors != null) {
			contributors.stream().forEach((entry) -> register(registry, entry.name(), entry.contributor()));
		}
	}

	private void register(MeterRegistry registry, String name, HealthContributor contributor) {
		if (contributor instanceof CompositeHealthContributor composite) {
			composite.stream().forEach((entry) -> register(registry, name + "/" + entry.name(), entry.contributor()));
		}
		else if (contributor instanceof HealthIndicator indicator) {
			Gauge.builder(STATUS_METER, indicator, HealthMetrics::value)
				.tag("component", name)
				.description("Health of the component: 1 when UP, 0 otherwise")
				.strongReference(true)
				.register(registry);
		}
	}

	private static double value(HealthIndicator indicator) {
		Status status;
		if (indicator instanceof BoundedHealthIndicator bounded) {
			status = bounded.currentStatus();
		}
		else {
			Health health = indicator.health(false);
			status = (health != null) ? health.getStatus() : Status.UNKNOWN;
		}
		return Status.UP.equals(status) ? 1 : 0;
	}

	@Override
	public void onCheckCompleted(String name, Health health, Duration duration) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Timer.builder(DURATION_METER)
				.tag("component", name)
				.tag("status", health.getStatus().getCode())
				.description("Duration of dependency health checks")
				.register(registry)
				.record(duration);
		}
	}

}
