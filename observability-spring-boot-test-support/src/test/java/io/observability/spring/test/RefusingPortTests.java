package io.observability.spring.test;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RefusingPort}.
 *
 * @author Observability Spring Boot contributors
 */
class RefusingPortTests {

	@Test
	void refusesConnections() throws Exception {
		try (RefusingPort port = RefusingPort.open(); Socket socket = new Socket()) {
			assertThatExceptionOfType(ConnectException.class).isThrownBy(
					() -> socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port()), 2000));
		}
	}

	@Test
	void noServerCanTakeThePortWhileItIsOpen() throws Exception {
		try (RefusingPort port = RefusingPort.open(); ServerSocket server = new ServerSocket()) {
			// What a server does by default on Linux: ask to reuse the address
			server.setReuseAddress(true);
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port())));
		}
	}

}
