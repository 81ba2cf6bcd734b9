package io.observability.spring.profiling.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.observability.spring.internal.PropertyBounds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Configuration properties for the profiling of slow calls.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
@ConfigurationProperties("observability.profiling")
public class ProfilingProperties {

	/**
	 * Whether to sample the stacks of slow requests and observed operations and record
	 * their hot frames on the span and in the WARN line.
	 */
	private boolean enabled = true;

	/**
	 * Fraction of a call's slow threshold after which its thread is sampled, from 0 to 1.
	 * The thresholds are observability.web.slow-request-threshold for server requests and
	 * observability.operations.slow-threshold for @Observed methods.
	 */
	private double startFraction = 0.5;

	/**
	 * Time between two samples of a call's stack.
	 */
	private Duration interval = Duration.ofMillis(20);

	/**
	 * Maximum number of samples taken of one call; a longer call keeps the shares of its
	 * first samples.
	 */
	private int maxSamples = 500;

	/**
	 * Number of innermost frames taken per sample.
	 */
	private int stackDepth = 256;

	/**
	 * Maximum number of threads sampled per interval. When more calls are slow at once,
	 * they take turns, which bounds the pause a sample costs the application.
	 */
	private int maxThreads = 4;

	/**
	 * Number of frames named in the hot frames of a call.
	 */
	private int maxFrames = 3;

	/**
	 * Package prefixes whose frames are folded into the application frame that called
	 * them, in addition to the built-in ones (JDK, Spring, Micrometer, Apache, ...).
	 */
	private List<String> frameworkPackages = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public double getStartFraction() {
		return this.startFraction;
	}

	public void setStartFraction(double startFraction) {
		Assert.isTrue(startFraction >= 0 && startFraction <= 1,
				() -> "observability.profiling.start-fraction must be between 0 and 1, was " + startFraction);
		this.startFraction = startFraction;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		PropertyBounds.positive("observability.profiling.interval", interval);
		Assert.isTrue(interval.toMillis() >= 1,
				() -> "observability.profiling.interval must be at least 1ms, was " + interval);
		this.interval = interval;
	}

	public int getMaxSamples() {
		return this.maxSamples;
	}

	public void setMaxSamples(int maxSamples) {
		Assert.isTrue(maxSamples > 0, () -> "observability.profiling.max-samples must be positive, was " + maxSamples);
		this.maxSamples = maxSamples;
	}

	public int getStackDepth() {
		return this.stackDepth;
	}

	public void setStackDepth(int stackDepth) {
		Assert.isTrue(stackDepth > 0, () -> "observability.profiling.stack-depth must be positive, was " + stackDepth);
		this.stackDepth = stackDepth;
	}

	public int getMaxThreads() {
		return this.maxThreads;
	}

	public void setMaxThreads(int maxThreads) {
		Assert.isTrue(maxThreads > 0, () -> "observability.profiling.max-threads must be positive, was " + maxThreads);
		this.maxThreads = maxThreads;
	}

	public int getMaxFrames() {
		return this.maxFrames;
	}

	public void setMaxFrames(int maxFrames) {
		Assert.isTrue(maxFrames > 0, () -> "observability.profiling.max-frames must be positive, was " + maxFrames);
		this.maxFrames = maxFrames;
	}

	public List<String> getFrameworkPackages() {
		return this.frameworkPackages;
	}

	public void setFrameworkPackages(List<String> frameworkPackages) {
		Assert.isTrue(frameworkPackages.stream().allMatch(StringUtils::hasText),
				"observability.profiling.framework-packages must not hold an empty package");
		this.frameworkPackages = frameworkPackages;
	}

}
