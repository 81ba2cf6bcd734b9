package io.observability.spring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy in the test JVM that sits between a client and a real server and can be
 * switched, at any time, between forwarding, refusing connections and hanging.
 * <p>
 * It lets a test make a real server look stopped or hung to the application under test
 * without touching the server itself, which other tests may be using at the same time:
 * <ul>
 * <li>{@link Mode#FORWARD}: connections are relayed to the target in both directions;
 * <li>{@link Mode#REFUSE}: the listening port is closed, so new connections are refused,
 * and open connections are closed, like a stopped server;
 * <li>{@link Mode#HANG}: connections are accepted but nothing is relayed in either
 * direction, on new and open connections alike, like a server suspended with
 * {@code SIGSTOP}. Switching back to {@link Mode#FORWARD} delivers what was held, as a
 * resumed server would.
 * </ul>
 * The proxy listens on a free loopback port that stays the same across modes.
 *
 * @author Observability Spring Boot contributors
 */
public final class FaultProxy implements AutoCloseable {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private static final AtomicInteger threadCounter = new AtomicInteger();

	private final String targetHost;

	private final int targetPort;

	private final Object monitor = new Object();

	private final List<Socket> sockets = new ArrayList<>();

	private final int port;

	private Mode mode = Mode.FORWARD;

	private @Nullable ServerSocket serverSocket;

	private @Nullable Thread acceptThread;

	private boolean closed;

	private FaultProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		ServerSocket socket = bind(0);
		this.port = socket.getLocalPort();
		listen(socket);
	}

	/**
	 * Start a proxy that forwards to the given server.
	 * @param targetHost the host of the real server
	 * @param targetPort the port of the real server
	 * @return the running proxy, in {@link Mode#FORWARD}
	 */
	public static FaultProxy start(String targetHost, int targetPort) {
		try {
			return new FaultProxy(targetHost, targetPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start a proxy to " + targetHost + ":" + targetPort, ex);
		}
	}

	/**
	 * Return the host clients connect to.
	 * @return the loopback address
	 */
	public String host() {
		return LOOPBACK.getHostAddress();
	}

	/**
	 * Return the port clients connect to.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the current mode.
	 * @return the mode
	 */
	public Mode mode() {
		synchronized (this.monitor) {
			return this.mode;
		}
	}

	/**
	 * Relay connections to the target, delivering anything held while hanging.
	 */
	public void forward() {
		switchTo(Mode.FORWARD);
	}

	/**
	 * Refuse new connections and close open ones.
	 */
	public void refuse() {
		switchTo(Mode.REFUSE);
	}

	/**
	 * Accept connections but relay nothing, in either direction.
	 */
	public void hang() {
		switchTo(Mode.HANG);
	}

	private void switchTo(Mode newMode) {
		List<Socket> toClose = List.of();
		synchronized (this.monitor) {
			if (this.closed) {
				throw new IllegalStateException("Proxy is closed");
			}
			Mode previous = this.mode;
			this.mode = newMode;
			if (newMode == Mode.REFUSE) {
				toClose = new ArrayList<>(this.sockets);
				this.sockets.clear();
			}
			else if (previous == Mode.REFUSE) {
				try {
					listen(bind(this.port));
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not listen again on port " + this.port, ex);
				}
			}
			this.monitor.notifyAll();
		}
		if (newMode == Mode.REFUSE) {
			closeListener();
			toClose.forEach(FaultProxy::closeQuietly);
		}
	}

	@Override
	public void close() {
		List<Socket> toClose;
		synchronized (this.monitor) {
			this.closed = true;
			toClose = new ArrayList<>(this.sockets);
			this.sockets.clear();
			this.monitor.notifyAll();
		}
		closeListener();
		toClose.forEach(FaultProxy::closeQuietly);
	}

	private void closeListener() {
		ServerSocket socket;
		Thread thread;
		synchronized (this.monitor) {
			socket = this.serverSocket;
			thread = this.acceptThread;
			this.serverSocket = null;
			this.acceptThread = null;
		}
		if (socket != null) {
			try {
				socket.close();
				// The JDK closes a socket that another thread accepts on only once that
				// thread returns; until then the kernel still completes handshakes
				if (thread != null) {
					thread.join(5000);
				}
			}
			catch (IOException ex) {
				// Closing is best effort
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private ServerSocket bind(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(LOOPBACK, port), 50);
		return socket;
	}

	private void listen(ServerSocket socket) {
		this.serverSocket = socket;
		this.acceptThread = daemon("fault-proxy-accept-", () -> accept(socket));
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				daemon("fault-proxy-connect-", () -> connect(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void connect(Socket client) {
		if (!track(client) || !awaitForwarding()) {
			closeQuietly(client);
			return;
		}
		Socket upstream = new Socket();
		try {
			upstream.connect(new InetSocketAddress(this.targetHost, this.targetPort), 5000);
		}
		catch (IOException ex) {
			closeQuietly(client);
			closeQuietly(upstream);
			return;
		}
		if (!track(upstream)) {
			closeQuietly(client);
			closeQuietly(upstream);
			return;
		}
		daemon("fault-proxy-up-", () -> pump(client, upstream));
		daemon("fault-proxy-down-", () -> pump(upstream, client));
	}

	private boolean track(Socket socket) {
		synchronized (this.monitor) {
			if (this.closed || this.mode == Mode.REFUSE) {
				return false;
			}
			this.sockets.add(socket);
			return true;
		}
	}

	/**
	 * Wait while the proxy hangs.
	 * @return {@code true} to relay, {@code false} if the connection must be closed
	 */
	private boolean awaitForwarding() {
		synchronized (this.monitor) {
			while (this.mode == Mode.HANG && !this.closed) {
				try {
					this.monitor.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return this.mode == Mode.FORWARD && !this.closed;
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16384];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (!awaitForwarding()) {
					break;
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (SocketException ex) {
			// One side closed: close the other below
		}
		catch (IOException ex) {
			// Same as above
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			synchronized (this.monitor) {
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}
	}

	private static Thread daemon(String prefix, Runnable task) {
		Thread thread = new Thread(task, prefix + threadCounter.incrementAndGet());
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void closeQuietly(@Nullable Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing is best effort
			}
		}
	}

	/**
	 * How the proxy treats connections.
	 */
	public enum Mode {

		/**
		 * Relay to the target.
		 */
		FORWARD,

		/**
		 * Refuse new connections, close open ones.
		 */
		REFUSE,

		/**
		 * Accept connections, relay nothing.
		 */
		HANG

	}

}
