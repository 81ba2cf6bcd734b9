package io.observability.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * An OTLP/HTTP trace receiver in the test JVM: it accepts {@code POST /v1/traces} with a
 * binary protobuf {@code ExportTraceServiceRequest}, plain or gzip-compressed, as
 * OpenTelemetry's exporters send it, and keeps the spans for assertions.
 *
 * @author Observability Spring Boot contributors
 */
public final class OtlpHttpReceiver implements AutoCloseable {

	private static final String TRACES_PATH = "/v1/traces";

	private static final HexFormat HEX = HexFormat.of();

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	private final List<String> requestTexts = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	private final ExecutorService executor;

	private OtlpHttpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.executor = Executors.newFixedThreadPool(2, (runnable) -> {
			Thread thread = new Thread(runnable, "otlp-receiver");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext(TRACES_PATH, this::handle);
		this.server.start();
	}

	/**
	 * Start a receiver on a free loopback port.
	 * @return the running receiver
	 */
	public static OtlpHttpReceiver start() {
		try {
			return new OtlpHttpReceiver();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the OTLP receiver", ex);
		}
	}

	/**
	 * Return the URL to export traces to, as
	 * {@code management.opentelemetry.tracing.export.otlp.endpoint} expects it.
	 * @return the traces endpoint
	 */
	public String tracesEndpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + TRACES_PATH;
	}

	/**
	 * Return the spans received so far.
	 * @return the spans, in the order received
	 */
	public List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	/**
	 * Return every export request received so far in protobuf text format: all of each
	 * span, events and status included, for asserting that a value is nowhere in them.
	 * @return the requests as text, in the order received
	 */
	public List<String> requestsAsText() {
		return List.copyOf(this.requestTexts);
	}

	/**
	 * Return how many export requests were accepted.
	 * @return the number of requests
	 */
	public int requestCount() {
		return this.requests.get();
	}

	/**
	 * Wait for a span that matches.
	 * @param predicate what the span must satisfy
	 * @param timeout how long to wait
	 * @return the first matching span
	 * @throws AssertionError if no matching span arrives in time
	 */
	public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> predicate, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		do {
			for (ReceivedSpan span : this.spans) {
				if (predicate.test(span)) {
					return span;
				}
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		while (System.nanoTime() < deadline);
		throw new AssertionError("No matching span received within " + timeout + "; received: " + names());
	}

	private List<String> names() {
		List<String> names = new ArrayList<>();
		this.spans.forEach((span) -> names.add(span.kind() + " " + span.name()));
		return names;
	}

	/**
	 * Forget the spans received so far.
	 */
	public void clear() {
		this.spans.clear();
		this.requestTexts.clear();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			if (contentType == null || !contentType.startsWith("application/x-protobuf")) {
				exchange.sendResponseHeaders(415, -1);
				return;
			}
			ExportTraceServiceRequest request;
			try (InputStream body = body(exchange)) {
				request = ExportTraceServiceRequest.parseFrom(body);
			}
			this.requestTexts.add(request.toString());
			this.spans.addAll(flatten(request));
			this.requests.incrementAndGet();
			byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, (response.length > 0) ? response.length : -1);
			if (response.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(response);
				}
			}
		}
	}

	private InputStream body(HttpExchange exchange) throws IOException {
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		InputStream body = exchange.getRequestBody();
		return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
	}

	private static List<ReceivedSpan> flatten(ExportTraceServiceRequest request) {
		List<ReceivedSpan> received = new ArrayList<>();
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
			String serviceName = resource.getOrDefault("service.name", "");
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				for (Span span : scopeSpans.getSpansList()) {
					received.add(new ReceivedSpan(serviceName, resource, hex(span.getTraceId()), hex(span.getSpanId()),
							hex(span.getParentSpanId()), span.getName(),
							span.getKind().name().replace("SPAN_KIND_", ""), attributes(span.getAttributesList()),
							span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR));
				}
			}
		}
		return received;
	}

	private static Map<String, String> attributes(List<KeyValue> keyValues) {
		Map<String, String> attributes = new LinkedHashMap<>();
		keyValues.forEach((keyValue) -> attributes.put(keyValue.getKey(), asString(keyValue.getValue())));
		return attributes;
	}

	private static String asString(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
			case INT_VALUE -> Long.toString(value.getIntValue());
			case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
			default -> value.toString().trim();
		};
	}

	private static String hex(ByteString bytes) {
		return HEX.formatHex(bytes.toByteArray());
	}

}
