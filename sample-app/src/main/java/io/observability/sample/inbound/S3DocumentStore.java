package io.observability.sample.inbound;

import java.nio.charset.StandardCharsets;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stores raw documents as objects of an S3 bucket.
 *
 * @author Observability Spring Boot contributors
 */
class S3DocumentStore implements DocumentStore {

	private final S3Client s3;

	private final String bucket;

	S3DocumentStore(S3Client s3, String bucket) {
		this.s3 = s3;
		this.bucket = bucket;
	}

	@Override
	public String store(InboundDocument document) {
		String key = "inbound/" + document.source().name().toLowerCase() + "/" + document.id();
		this.s3.putObject((request) -> request.bucket(this.bucket).key(key).contentType("text/plain; charset=utf-8"),
				RequestBody.fromString(document.content(), StandardCharsets.UTF_8));
		return "s3://" + this.bucket + "/" + key;
	}

	@Override
	public String load(String location) {
		String key = location.substring(("s3://" + this.bucket + "/").length());
		return this.s3.getObjectAsBytes((request) -> request.bucket(this.bucket).key(key))
			.asString(StandardCharsets.UTF_8);
	}

}
