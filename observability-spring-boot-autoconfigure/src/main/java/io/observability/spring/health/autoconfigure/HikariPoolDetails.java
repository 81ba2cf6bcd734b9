package io.observability.spring.health.autoconfigure;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.jspecify.annotations.Nullable;

/**
 * Pool figures of the HikariCP data sources, as extra details of Spring Boot's {@code db}
 * component: {@code pool} with {@code active}, {@code idle}, {@code total},
 * {@code pending} and {@code max} connections, also when the check fails (an exhausted
 * pool is a common cause).
 *
 * @author Observability Spring Boot contributors
 */
final class HikariPoolDetails implements Function<String, Map<String, Object>> {

	private final Supplier<Map<String, DataSource>> dataSources;

	/**
	 * Create a new instance.
	 * @param dataSources supplies the data sources by bean name
	 */
	HikariPoolDetails(Supplier<Map<String, DataSource>> dataSources) {
		this.dataSources = dataSources;
	}

	@Override
	public Map<String, Object> apply(String component) {
		DataSource dataSource = dataSource(component);
		if (dataSource == null) {
			return Map.of();
		}
		try {
			if (!dataSource.isWrapperFor(HikariDataSource.class)) {
				return Map.of();
			}
			HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
			Map<String, Object> pool = new LinkedHashMap<>();
			HikariPoolMXBean bean = hikari.getHikariPoolMXBean();
			if (bean != null) {
				pool.put("active", bean.getActiveConnections());
				pool.put("idle", bean.getIdleConnections());
				pool.put("total", bean.getTotalConnections());
				pool.put("pending", bean.getThreadsAwaitingConnection());
			}
			pool.put("max", hikari.getMaximumPoolSize());
			return Map.of("pool", pool);
		}
		catch (SQLException ex) {
			return Map.of();
		}
	}

	// Spring Boot names one data source 'db' and several 'db/<bean name>'
	private @Nullable DataSource dataSource(String component) {
		Map<String, DataSource> dataSources = this.dataSources.get();
		if ("db".equals(component) && dataSources.size() == 1) {
			return dataSources.values().iterator().next();
		}
		return component.startsWith("db/") ? dataSources.get(component.substring(3)) : null;
	}

}
