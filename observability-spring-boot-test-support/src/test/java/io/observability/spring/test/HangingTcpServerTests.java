package io.observability.spring.test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HangingTcpServer}.
 *
 * @author Observability Spring Boot contributors
 */
class HangingTcpServerTests {

	@Test
	void acceptsConnectionsAndNeverAnswers() throws Exception {
		try (HangingTcpServer server = HangingTcpServer.start();
				Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
			socket.setSoTimeout(300);
			OutputStream out = socket.getOutputStream();
			out.write("POST /v1/traces HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(in::read);
			// The kernel completes a connection before the server's thread accepts it
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (server.acceptedConnections() == 0 && System.nanoTime() - deadline < 0) {
				Thread.sleep(10);
			}
			assertThat(server.acceptedConnections()).isEqualTo(1);
		}
	}

}
