package io.observability.spring.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.observability.spring.internal.PropertyBounds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Configuration properties of the starter's console logging. They are bound from the
 * {@link Environment} while Spring Boot initialises its logging system, before the
 * application context exists.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties(ObservabilityLoggingProperties.PREFIX)
public class ObservabilityLoggingProperties {

	/**
	 * Prefix of the logging properties.
	 */
	public static final String PREFIX = "observability.logging";

	/**
	 * Whether to configure the console logging. When disabled, Spring Boot's own console
	 * configuration applies.
	 */
	private boolean enabled = true;

	/**
	 * Format of the console output: one JSON object per line, or Spring Boot's plain
	 * console pattern.
	 */
	private Format format = Format.JSON;

	private final Mask mask = new Mask();

	private final StackTrace stackTrace = new StackTrace();

	/**
	 * Bind the properties from the given environment.
	 * @param environment the environment to bind from
	 * @return the bound properties
	 * @throws org.springframework.boot.context.properties.bind.BindException if a value
	 * is invalid, with the name of the property
	 */
	public static ObservabilityLoggingProperties get(Environment environment) {
		return Binder.get(environment).bindOrCreate(PREFIX, ObservabilityLoggingProperties.class);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Format getFormat() {
		return this.format;
	}

	public void setFormat(Format format) {
		this.format = format;
	}

	public Mask getMask() {
		return this.mask;
	}

	public StackTrace getStackTrace() {
		return this.stackTrace;
	}

	/**
	 * Console output format.
	 */
	public enum Format {

		/**
		 * One JSON object per line, written by logstash-logback-encoder.
		 */
		JSON,

		/**
		 * Spring Boot's console pattern, with its trace correlation.
		 */
		PLAIN

	}

	/**
	 * Masking of secrets in log events, with the policy of the
	 * {@code observability.masking} properties.
	 */
	public static class Mask {

		/**
		 * Whether to mask secrets in log events.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Shortening of stack traces.
	 */
	public static class StackTrace {

		/**
		 * Maximum number of frames written for each throwable of a cause chain.
		 */
		private int maxDepthPerThrowable = 30;

		/**
		 * Maximum length of the whole stack trace, in characters.
		 */
		private int maxLength = 8192;

		/**
		 * Whether to write the root cause first, rather than the outermost exception.
		 */
		private boolean rootCauseFirst = true;

		/**
		 * Regular expressions of frames to leave out, for example framework interceptors.
		 */
		private List<String> exclusions = new ArrayList<>();

		public int getMaxDepthPerThrowable() {
			return this.maxDepthPerThrowable;
		}

		public void setMaxDepthPerThrowable(int maxDepthPerThrowable) {
			this.maxDepthPerThrowable = PropertyBounds.atLeast(PREFIX + ".stack-trace.max-depth-per-throwable",
					maxDepthPerThrowable, 1);
		}

		public int getMaxLength() {
			return this.maxLength;
		}

		public void setMaxLength(int maxLength) {
			this.maxLength = PropertyBounds.atLeast(PREFIX + ".stack-trace.max-length", maxLength, 1);
		}

		public boolean isRootCauseFirst() {
			return this.rootCauseFirst;
		}

		public void setRootCauseFirst(boolean rootCauseFirst) {
			this.rootCauseFirst = rootCauseFirst;
		}

		public List<String> getExclusions() {
			return this.exclusions;
		}

		public void setExclusions(List<String> exclusions) {
			for (String exclusion : exclusions) {
				try {
					Pattern.compile(exclusion);
				}
				catch (PatternSyntaxException ex) {
					throw new IllegalArgumentException(
							"'exclusions' contains an invalid regular expression: " + exclusion, ex);
				}
			}
			this.exclusions = exclusions;
		}

	}

}
