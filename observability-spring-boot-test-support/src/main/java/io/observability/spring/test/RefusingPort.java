package io.observability.spring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses every connection for as long as this is open: what a
 * stopped database, cache or collector looks like to a client. The port is held by a
 * bound TCP socket that never listens (the kernel answers a connection with a reset) and
 * does not allow its address to be reused, so no other process can start listening on it
 * meanwhile — unlike a port found free and released, which any process may take before
 * the test connects.
 *
 * @author Observability Spring Boot contributors
 */
public final class RefusingPort implements AutoCloseable {

	private final Socket socket;

	private RefusingPort() throws IOException {
		this.socket = new Socket();
		this.socket.setReuseAddress(false);
		this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
	}

	/**
	 * Hold a refusing port.
	 * @return the port, refusing until closed
	 */
	public static RefusingPort open() {
		try {
			return new RefusingPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not bind a loopback port", ex);
		}
	}

	/**
	 * Return the port number.
	 * @return the port
	 */
	public int port() {
		return this.socket.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
