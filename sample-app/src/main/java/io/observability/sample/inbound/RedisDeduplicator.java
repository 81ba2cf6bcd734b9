package io.observability.sample.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link Deduplicator} that claims a SHA-256 of each document in Redis with
 * {@code SET NX} and an expiry.
 *
 * @author Observability Spring Boot contributors
 */
class RedisDeduplicator implements Deduplicator {

	private static final Logger logger = LoggerFactory.getLogger(RedisDeduplicator.class);

	private static final String KEY_PREFIX = "order-intake:document:";

	private final StringRedisTemplate redis;

	private final Duration window;

	RedisDeduplicator(StringRedisTemplate redis, Duration window) {
		this.redis = redis;
		this.window = window;
	}

	@Override
	public Optional<String> claim(InboundDocument document) {
		String key = KEY_PREFIX + sha256(document);
		try {
			Boolean claimed = this.redis.opsForValue().setIfAbsent(key, document.id(), this.window);
			if (Boolean.TRUE.equals(claimed)) {
				return Optional.empty();
			}
			return Optional.ofNullable(this.redis.opsForValue().get(key));
		}
		catch (DataAccessException ex) {
			// Better a duplicate order than a lost one
			logger.warn("Could not check document {} for duplicates, accepting it: {}", document.id(), ex.getMessage());
			return Optional.empty();
		}
	}

	private static String sha256(InboundDocument document) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String part : new String[] { document.source().name(), document.customer(), document.content() }) {
				digest.update(part.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
