package io.observability.spring.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one Redis command over a fresh connection, in RESP, for test servers that only
 * need a command now and then.
 *
 * @author Observability Spring Boot contributors
 */
final class RedisProtocol {

	private RedisProtocol() {
	}

	/**
	 * Send a command and return its reply as text.
	 * @param host the server's host
	 * @param port the server's port
	 * @param timeout how long to wait for the connection and for the reply
	 * @param arguments the command and its arguments, for example {@code CLUSTER},
	 * {@code INFO}
	 * @return the reply: a status, error or integer line as sent ({@code +PONG},
	 * {@code -ERR …}, {@code :1}), or the content of a bulk string
	 * @throws IOException if the server cannot be reached or does not answer in time
	 */
	static String send(String host, int port, Duration timeout, String... arguments) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
			socket.setSoTimeout((int) timeout.toMillis());
			StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
			for (String argument : arguments) {
				request.append('$')
					.append(argument.getBytes(StandardCharsets.UTF_8).length)
					.append("\r\n")
					.append(argument)
					.append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			return readReply(new BufferedInputStream(socket.getInputStream()));
		}
	}

	private static String readReply(InputStream in) throws IOException {
		String line = readLine(in);
		if (line.isEmpty()) {
			throw new IOException("empty reply");
		}
		if (line.charAt(0) != '$') {
			return line;
		}
		int length = Integer.parseInt(line.substring(1));
		if (length < 0) {
			return "";
		}
		byte[] bulk = in.readNBytes(length + 2);
		return new String(bulk, 0, length, StandardCharsets.UTF_8);
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		int current;
		while ((current = in.read()) != -1) {
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(current);
			previous = current;
		}
		throw new IOException("connection closed before the end of the reply");
	}

}
