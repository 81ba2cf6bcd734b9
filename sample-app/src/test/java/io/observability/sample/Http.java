package io.observability.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Minimal HTTP client for tests that talk to the running sample over a real socket.
 *
 * @author Observability Spring Boot contributors
 */
final class Http {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String baseUrl;

	Http(int port) {
		this.baseUrl = "http://127.0.0.1:" + port;
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	HttpResponse<String> get(String path, String accept) {
		return send(request(path).header("Accept", accept).GET().build());
	}

	HttpResponse<String> postJson(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	HttpResponse<String> postJson(String path, String json, String requestId) {
		return send(request(path).header("Content-Type", "application/json")
			.header("X-Request-ID", requestId)
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	HttpResponse<String> post(String path, String requestId) {
		return send(request(path).header("X-Request-ID", requestId).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	/**
	 * Wait until the pipeline has processed an inbound message.
	 * @param id the message ID
	 * @return the processed message
	 */
	HttpResponse<String> awaitProcessed(String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		HttpResponse<String> message;
		do {
			message = get("/api/inbound-messages/" + id);
			if (message.statusCode() != 200 || !message.body().contains("\"status\":\"RECEIVED\"")) {
				return message;
			}
			sleep();
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError("Message " + id + " not processed within 60 s: " + message.body());
	}

	private static void sleep() {
		try {
			Thread.sleep(25);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(30));
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
