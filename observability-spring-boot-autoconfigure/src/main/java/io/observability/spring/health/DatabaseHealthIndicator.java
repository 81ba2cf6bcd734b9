package io.observability.spring.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.ClassUtils;

/**
 * {@link HealthIndicator} for a {@link DataSource}: borrows a connection and validates it
 * with {@link Connection#isValid(int)} and a timeout.
 * <p>
 * Details: {@code database} (product name), {@code validationLatencyMs} and, for a
 * HikariCP pool, {@code pool} with its {@code active}, {@code idle}, {@code total},
 * {@code max} and {@code pending} connections, also when the check fails.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class DatabaseHealthIndicator extends AbstractHealthIndicator {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			DatabaseHealthIndicator.class.getClassLoader());

	private final DataSource dataSource;

	private final int validationTimeoutSeconds;

	/**
	 * Create a new instance.
	 * @param dataSource the data source to check
	 * @param validationTimeout how long the driver may take to validate a connection,
	 * rounded up to whole seconds as JDBC requires
	 */
	public DatabaseHealthIndicator(DataSource dataSource, Duration validationTimeout) {
		super("Database health check failed");
		this.dataSource = dataSource;
		this.validationTimeoutSeconds = (int) Math.max(1, (validationTimeout.toMillis() + 999) / 1000);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		long start = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection()) {
			boolean valid = connection.isValid(this.validationTimeoutSeconds);
			long latency = Duration.ofNanos(System.nanoTime() - start).toMillis();
			builder.status(valid ? Status.UP : Status.DOWN);
			builder.withDetail("database", connection.getMetaData().getDatabaseProductName());
			builder.withDetail("validationLatencyMs", latency);
			if (!valid) {
				builder.withDetail("error", "connection is not valid");
			}
		}
		finally {
			// Also when the check fails: an exhausted pool is a common cause
			addPoolDetails(builder);
		}
	}

	private void addPoolDetails(Health.Builder builder) {
		if (HIKARI_PRESENT) {
			try {
				Map<String, Object> pool = HikariPoolDetails.of(this.dataSource);
				if (pool != null) {
					builder.withDetail("pool", pool);
				}
			}
			catch (SQLException ex) {
				// No pool details, the check result stands
			}
		}
	}

	/**
	 * Reads HikariCP's pool figures; a separate class so that HikariCP stays optional.
	 */
	private static final class HikariPoolDetails {

		static @Nullable Map<String, Object> of(DataSource dataSource) throws SQLException {
			if (!dataSource.isWrapperFor(HikariDataSource.class)) {
				return null;
			}
			HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
			Map<String, Object> details = new LinkedHashMap<>();
			HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
			if (pool != null) {
				details.put("active", pool.getActiveConnections());
				details.put("idle", pool.getIdleConnections());
				details.put("total", pool.getTotalConnections());
				details.put("pending", pool.getThreadsAwaitingConnection());
			}
			details.put("max", hikari.getMaximumPoolSize());
			return details;
		}

	}

}
