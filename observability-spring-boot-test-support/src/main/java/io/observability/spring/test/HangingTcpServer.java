package io.observability.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server in the test JVM that accepts every connection, reads and discards what the
 * client sends, and never answers: what a hung collector, database or proxy looks like to
 * a client.
 *
 * @author Observability Spring Boot contributors
 */
public final class HangingTcpServer implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	private final AtomicInteger accepted = new AtomicInteger();

	private HangingTcpServer() throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "hanging-tcp-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Start a server on a free loopback port.
	 * @return the running server
	 */
	public static HangingTcpServer start() {
		try {
			return new HangingTcpServer();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the hanging TCP server", ex);
		}
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Return how many connections the server has accepted.
	 * @return the number of accepted connections
	 */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	@Override
	public void close() {
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// Closing anyway
		}
		for (Socket connection : this.connections) {
			try {
				connection.close();
			}
			catch (IOException ex) {
				// Closing anyway
			}
		}
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket connection = this.serverSocket.accept();
				this.connections.add(connection);
				this.accepted.incrementAndGet();
				Thread reader = new Thread(() -> discard(connection), "hanging-tcp-connection");
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException ex) {
				// Closed
			}
		}
	}

	private void discard(Socket connection) {
		byte[] buffer = new byte[8192];
		try (InputStream in = connection.getInputStream()) {
			while (in.read(buffer) != -1) {
				// Never answer
			}
		}
		catch (IOException ex) {
			// Closed
		}
	}

}
