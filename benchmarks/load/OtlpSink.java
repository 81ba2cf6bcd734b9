/*
 * OTLP/HTTP trace sink for the load benchmark, run as a single-file program:
 *
 *     java OtlpSink.java PORT_FILE
 *
 * Listens on 127.0.0.1 on a free port (written to PORT_FILE), answers 200 to every POST
 * under /v1/ and counts the spans of /v1/traces requests by name, reading the protobuf
 * wire format directly (gzip aware), so it needs no library. GET /stats returns the
 * counters as "key value" lines; run.sh reads them before and after each variant to
 * check that every variant exported the spans it should.
 */

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

public final class OtlpSink {

	private static final LongAdder requests = new LongAdder();

	private static final LongAdder bytes = new LongAdder();

	private static final LongAdder spans = new LongAdder();

	private static final LongAdder malformed = new LongAdder();

	private static final Map<String, LongAdder> spansByName = new ConcurrentHashMap<>();

	private OtlpSink() {
	}

	public static void main(String[] args) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.createContext("/v1/", OtlpSink::receive);
		server.createContext("/stats", OtlpSink::stats);
		server.start();
		Path portFile = Path.of(args[0]);
		Path tmp = Path.of(args[0] + ".tmp");
		Files.writeString(tmp, Integer.toString(server.getAddress().getPort()));
		Files.move(tmp, portFile);
	}

	private static void receive(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = readAll(exchange.getRequestBody());
			requests.increment();
			bytes.add(body.length);
			if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
				if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
					body = readAll(new GZIPInputStream(new java.io.ByteArrayInputStream(body)));
				}
				try {
					countSpans(body);
				}
				catch (RuntimeException ex) {
					malformed.increment();
				}
			}
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
		}
	}

	private static void stats(HttpExchange exchange) throws IOException {
		try (exchange) {
			StringBuilder text = new StringBuilder();
			text.append("requests ").append(requests.sum()).append('\n');
			text.append("bytes ").append(bytes.sum()).append('\n');
			text.append("spans ").append(spans.sum()).append('\n');
			text.append("malformed ").append(malformed.sum()).append('\n');
			new TreeMap<>(spansByName).forEach((name, count) -> text.append("span:")
				.append(name.replace(' ', '_'))
				.append(' ')
				.append(count.sum())
				.append('\n'));
			byte[] response = text.toString().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, response.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response);
			}
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		in.transferTo(out);
		return out.toByteArray();
	}

	// ExportTraceServiceRequest: 1 resource_spans { 2 scope_spans { 2 spans { 5 name } } }
	private static void countSpans(byte[] message) {
		Reader request = new Reader(message, 0, message.length);
		while (request.hasMore()) {
			int tag = request.varintAsInt();
			if (tag == ((1 << 3) | 2)) {
				Reader resourceSpans = request.nested();
				while (resourceSpans.hasMore()) {
					int resourceTag = resourceSpans.varintAsInt();
					if (resourceTag == ((2 << 3) | 2)) {
						Reader scopeSpans = resourceSpans.nested();
						while (scopeSpans.hasMore()) {
							int scopeTag = scopeSpans.varintAsInt();
							if (scopeTag == ((2 << 3) | 2)) {
								countSpan(scopeSpans.nested());
							}
							else {
								scopeSpans.skip(scopeTag);
							}
						}
					}
					else {
						resourceSpans.skip(resourceTag);
					}
				}
			}
			else {
				request.skip(tag);
			}
		}
	}

	private static void countSpan(Reader span) {
		String name = "";
		while (span.hasMore()) {
			int tag = span.varintAsInt();
			if (tag == ((5 << 3) | 2)) {
				name = span.string();
			}
			else {
				span.skip(tag);
			}
		}
		spans.increment();
		spansByName.computeIfAbsent(name, (key) -> new LongAdder()).increment();
	}

	/**
	 * Reads protobuf wire format from a slice of a byte array.
	 */
	private static final class Reader {

		private final byte[] data;

		private int position;

		private final int end;

		Reader(byte[] data, int position, int end) {
			this.data = data;
			this.position = position;
			this.end = end;
		}

		boolean hasMore() {
			return this.position < this.end;
		}

		long varint() {
			long result = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				byte b = this.data[this.position++];
				result |= (long) (b & 0x7F) << shift;
				if ((b & 0x80) == 0) {
					return result;
				}
			}
			throw new IllegalStateException("Malformed varint");
		}

		int varintAsInt() {
			return (int) varint();
		}

		Reader nested() {
			int length = varintAsInt();
			Reader nested = new Reader(this.data, this.position, this.position + length);
			this.position += length;
			return nested;
		}

		String string() {
			int length = varintAsInt();
			String value = new String(this.data, this.position, length, StandardCharsets.UTF_8);
			this.position += length;
			return value;
		}

		void skip(int tag) {
			switch (tag & 7) {
				case 0 -> varint();
				case 1 -> this.position += 8;
				case 2 -> {
					// Read the length first: a compound assignment would load position before it
					int length = varintAsInt();
					this.position += length;
				}
				case 5 -> this.position += 4;
				default -> throw new IllegalStateException("Unsupported wire type " + (tag & 7));
			}
		}

	}

}
