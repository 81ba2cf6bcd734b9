package io.observability.spring.operation;

import java.time.Duration;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * {@link Observation.Context} of one call of an {@link ObservedOperation}.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class OperationContext extends Observation.Context {

	private final OperationMetadata metadata;

	private final KeyValues tags;

	private final KeyValues highCardinalityTags;

	private final long startNanos;

	private volatile boolean completed;

	private volatile @Nullable Object result;

	OperationContext(OperationMetadata metadata, KeyValues tags, KeyValues highCardinalityTags) {
		this.metadata = metadata;
		this.tags = tags;
		this.highCardinalityTags = highCardinalityTags;
		this.startNanos = System.nanoTime();
		setName(metadata.name);
		setContextualName(metadata.contextualName);
	}

	/**
	 * Return the name of the operation.
	 * @return the operation name
	 */
	public String getOperationName() {
		return this.metadata.name;
	}

	/**
	 * Return the span name of the operation.
	 * @return the span name
	 */
	public String getOperationContextualName() {
		return this.metadata.contextualName;
	}

	/**
	 * Return the low-cardinality tags of this call: the operation's static tags and its
	 * low-cardinality parameter tags, without {@code outcome} and {@code exception}.
	 * @return the low-cardinality tags
	 */
	public KeyValues getTags() {
		return this.tags;
	}

	/**
	 * Return the low-cardinality tags of this call including {@code outcome} and
	 * {@code exception}, once the call has {@link #isCompleted() completed}.
	 * @return the low-cardinality tags with the outcome
	 */
	public KeyValues getCompletedTags() {
		return this.metadata.completedTags(this.tags, getError());
	}

	/**
	 * Return the high-cardinality tags of this call, for example a document ID.
	 * @return the high-cardinality tags
	 */
	public KeyValues getHighCardinalityTags() {
		return this.highCardinalityTags;
	}

	/**
	 * Return the duration above which this call is slow.
	 * @return the slow threshold
	 */
	public Duration getSlowThreshold() {
		return this.metadata.slowThreshold;
	}

	/**
	 * Return how long this call has taken so far, or took if it has completed.
	 * @return the elapsed time in nanoseconds
	 */
	public long getElapsedNanos() {
		return System.nanoTime() - this.startNanos;
	}

	/**
	 * Return whether the call has completed: returned, thrown or, for an asynchronous
	 * operation, its {@code CompletionStage} completed.
	 * @return whether the call has completed
	 */
	public boolean isCompleted() {
		return this.completed;
	}

	/**
	 * Return the value of the completed call.
	 * @return the value, or {@code null} if the call has not completed, failed or
	 * returned {@code null}
	 */
	public @Nullable Object getResult() {
		return this.result;
	}

	void complete(@Nullable Object result, @Nullable Throwable error) {
		if (error != null) {
			setError(error);
		}
		this.result = result;
		this.completed = true;
	}

	boolean isSlow(long elapsedNanos) {
		return elapsedNanos > this.metadata.slowThresholdNanos;
	}

	/**
	 * Return the value of a high-cardinality tag.
	 * @param key the tag key
	 * @return the value or {@code null}
	 */
	@Nullable String getHighCardinalityTag(String key) {
		for (KeyValue keyValue : this.highCardinalityTags) {
			if (keyValue.getKey().equals(key)) {
				return keyValue.getValue();
			}
		}
		return null;
	}

}
