package io.observability.spring.health.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;

/**
 * {@link HealthEndpointGroupsPostProcessor} that makes every dependency a member of the
 * {@code readiness} group.
 * <p>
 * When the application configures no {@code readiness} group, this creates one with
 * {@code readinessState} and the dependencies, showing components and details as the
 * health endpoint does; when it configures one, its members and settings are kept and the
 * dependencies are added. It runs before Spring Boot's availability probes
 * post-processor, which then adopts the group. {@code liveness} is left alone: a
 * dependency never belongs there.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class ReadinessDependenciesHealthEndpointGroupsPostProcessor
		implements HealthEndpointGroupsPostProcessor, Ordered {

	/**
	 * Name of the readiness group.
	 */
	public static final String READINESS = "readiness";

	private static final String READINESS_STATE = "readinessState";

	private final Predicate<String> readinessMember;

	/**
	 * Create a new instance.
	 * @param readinessMember which contributor names ({@code parent/child} for members of
	 * a composite) to add to the readiness group
	 */
	public ReadinessDependenciesHealthEndpointGroupsPostProcessor(Predicate<String> readinessMember) {
		this.readinessMember = readinessMember;
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		return new ReadinessDependenciesHealthEndpointGroups(groups, this.readinessMember);
	}

	/**
	 * Before Spring Boot's availability probes post-processor
	 * ({@link Ordered#LOWEST_PRECEDENCE}).
	 * @return the order
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

	private static final class ReadinessDependenciesHealthEndpointGroups
			implements HealthEndpointGroups, AdditionalPathsMapper {

		private final HealthEndpointGroups groups;

		private final HealthEndpointGroup readiness;

		private final Set<String> names;

		ReadinessDependenciesHealthEndpointGroups(HealthEndpointGroups groups, Predicate<String> readinessMember) {
			this.groups = groups;
			HealthEndpointGroup configured = groups.get(READINESS);
			this.readiness = (configured != null)
					? new ReadinessGroup(configured, configured::isMember, readinessMember)
					: new ReadinessGroup(groups.getPrimary(), READINESS_STATE::equals, readinessMember);
			Set<String> names = new LinkedHashSet<>(groups.getNames());
			names.add(READINESS);
			this.names = Set.copyOf(names);
		}

		@Override
		public HealthEndpointGroup getPrimary() {
			return this.groups.getPrimary();
		}

		@Override
		public Set<String> getNames() {
			return this.names;
		}

		@Override
		public @Nullable HealthEndpointGroup get(String name) {
			return READINESS.equals(name) ? this.readiness : this.groups.get(name);
		}

		@Override
		public @Nullable List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
			return (this.groups instanceof AdditionalPathsMapper mapper)
					? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
		}

	}

	/**
	 * The readiness group: the members of a base predicate plus the dependencies, with
	 * the display settings of a template group.
	 */
	private static final class ReadinessGroup implements HealthEndpointGroup {

		private final HealthEndpointGroup template;

		private final Predicate<String> members;

		ReadinessGroup(HealthEndpointGroup template, Predicate<String> baseMembers, Predicate<String> dependencies) {
			this.template = template;
			this.members = baseMembers.or(dependencies);
		}

		@Override
		public boolean isMember(String name) {
			return this.members.test(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.template.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.template.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.template.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.template.getHttpCodeStatusMapper();
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.template.getAdditionalPath();
		}

	}

}
