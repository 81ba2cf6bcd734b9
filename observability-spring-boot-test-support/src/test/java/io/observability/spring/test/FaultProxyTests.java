package io.observability.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FaultProxy}, in front of the real Redis server.
 *
 * @author Observability Spring Boot contributors
 */
class FaultProxyTests {

	@Test
	void forwardsRefusesHangsAndRecovers() throws IOException {
		TestServices.RedisDetails redis = TestServices.redis();
		try (FaultProxy proxy = FaultProxy.start(redis.host(), redis.port())) {
			TestServices.RedisDetails proxied = new TestServices.RedisDetails(proxy.host(), proxy.port(), "proxy");
			assertThat(proxied.command("PING")).isEqualTo("+PONG");
			proxy.refuse();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> proxied.command("PING"));
			proxy.hang();
			try (Socket socket = connect(proxy)) {
				socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				socket.setSoTimeout(300);
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(socket.getInputStream()::read);
				proxy.forward();
				socket.setSoTimeout(30_000);
				assertThat(readLine(socket.getInputStream())).isEqualTo("+PONG");
			}
			assertThat(proxy.mode()).isEqualTo(FaultProxy.Mode.FORWARD);
		}
	}

	@Test
	void hangHoldsOpenConnectionsUntilForwarding() throws IOException {
		TestServices.RedisDetails redis = TestServices.redis();
		try (FaultProxy proxy = FaultProxy.start(redis.host(), redis.port()); Socket socket = connect(proxy)) {
			OutputStream out = socket.getOutputStream();
			socket.setSoTimeout(30_000);
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(readLine(socket.getInputStream())).isEqualTo("+PONG");
			proxy.hang();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.setSoTimeout(300);
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(socket.getInputStream()::read);
			proxy.forward();
			socket.setSoTimeout(30_000);
			assertThat(readLine(socket.getInputStream())).isEqualTo("+PONG");
		}
	}

	private static Socket connect(FaultProxy proxy) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(proxy.host(), proxy.port()), 10_000);
		return socket;
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int read;
		while ((read = in.read()) != -1 && read != '\n') {
			if (read != '\r') {
				line.append((char) read);
			}
		}
		return line.toString();
	}

}
