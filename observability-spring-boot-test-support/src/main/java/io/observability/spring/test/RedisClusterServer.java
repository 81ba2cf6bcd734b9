package io.observability.spring.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis Cluster of three {@code redis-server} master processes on free loopback
 * ports, without replicas, for tests that need a cluster.
 * <p>
 * The nodes run in a temporary directory with persistence off and a cluster node timeout
 * of five seconds, so that a killed node makes the cluster fail within seconds while a
 * node that a loaded machine runs late is not taken for failed. The {@code redis-server}
 * and {@code redis-cli} binaries are looked up on the {@code PATH}. Closing the cluster
 * kills its processes and deletes the directory.
 *
 * @author Observability Spring Boot contributors
 */
public final class RedisClusterServer implements AutoCloseable {

	private static final int NODES = 3;

	/**
	 * Time after which the other nodes consider an unreachable node failing.
	 */
	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

	private static final String HOST = "127.0.0.1";

	private final Path workDirectory;

	private final List<Integer> ports = new ArrayList<>();

	private final List<Process> processes = new ArrayList<>();

	private RedisClusterServer(Path server) throws IOException {
		this.workDirectory = Files.createTempDirectory("redis-cluster");
		Runtime.getRuntime().addShutdownHook(new Thread(() -> this.processes.forEach(Process::destroyForcibly)));
		for (int node = 0; node < NODES; node++) {
			int port = freePort();
			this.ports.add(port);
			this.processes.add(new ProcessBuilder(server.toString(), "--port", String.valueOf(port), "--bind", HOST,
					"--dir", this.workDirectory.toString(), "--cluster-enabled", "yes", "--cluster-config-file",
					"nodes-" + port + ".conf", "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT.toMillis()),
					"--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(log(port).toFile())
				.start());
		}
	}

	/**
	 * Start three nodes, join them into a cluster that covers all slots and wait until
	 * every node reports {@code cluster_state:ok}.
	 * @return the running cluster
	 * @throws IllegalStateException if {@code redis-server} or {@code redis-cli} is not
	 * installed, or the cluster does not form
	 */
	public static RedisClusterServer start() {
		Path server = executable("redis-server");
		Path cli = executable("redis-cli");
		RedisClusterServer cluster;
		try {
			cluster = new RedisClusterServer(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + server, ex);
		}
		try {
			cluster.create(cli);
			cluster.awaitClusterState("ok", STARTUP_TIMEOUT);
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * Return the nodes as {@code host:port}, the form of
	 * {@code spring.data.redis.cluster.nodes}.
	 * @return the nodes
	 */
	public List<String> nodes() {
		return this.ports.stream().map((port) -> HOST + ":" + port).toList();
	}

	/**
	 * Return the port of a node.
	 * @param node the index of the node, from 0
	 * @return the port
	 */
	public int port(int node) {
		return this.ports.get(node);
	}

	/**
	 * Kill a node with {@code SIGKILL}, as a crash would, and wait for its process to
	 * end.
	 * @param node the index of the node, from 0
	 */
	public void kill(int node) {
		Process process = this.processes.get(node);
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Wait until every running node reports the given {@code cluster_state}.
	 * @param state the state, {@code ok} or {@code fail}
	 * @param timeout how long to wait
	 * @throws IllegalStateException if a node does not report the state in time
	 */
	public void awaitClusterState(String state, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<String> last = List.of();
		while (System.nanoTime() < deadline) {
			last = clusterStates();
			if (last.stream().allMatch(state::equals)) {
				return;
			}
			sleep(50);
		}
		throw new IllegalStateException("Redis Cluster nodes " + nodes() + " did not all reach cluster_state:" + state
				+ " within " + timeout + " (last seen: " + last + ")");
	}

	/**
	 * Send a command to a node and return its reply as text.
	 * @param node the index of the node, from 0
	 * @param arguments the command and its arguments, for example {@code CLUSTER},
	 * {@code INFO}
	 * @return the reply: a status, error or integer line as sent ({@code +PONG},
	 * {@code -ERR …}, {@code :1}), or the content of a bulk string
	 * @throws UncheckedIOException if the node cannot be reached or does not answer in
	 * time
	 */
	public String command(int node, String... arguments) {
		try {
			return RedisProtocol.send(HOST, port(node), Duration.ofSeconds(2), arguments);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis node " + HOST + ":" + port(node) + " did not answer", ex);
		}
	}

	/**
	 * Kill the nodes that still run, wait for their processes to end and delete their
	 * directory.
	 */
	@Override
	public void close() {
		for (int node = 0; node < this.processes.size(); node++) {
			kill(node);
		}
		try (Stream<Path> paths = Files.walk(this.workDirectory)) {
			paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// Left for the operating system's temporary-file cleaner
		}
	}

	private void create(Path cli) {
		List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
		command.addAll(nodes());
		command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
		Path output = this.workDirectory.resolve("cluster-create.log");
		try {
			awaitNodesAnswer();
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within "
						+ STARTUP_TIMEOUT + ":\n" + read(output));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("'" + String.join(" ", command) + "' exited with " + process.exitValue()
						+ ":\n" + read(output));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + cli, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating the cluster", ex);
		}
	}

	private void awaitNodesAnswer() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		for (int node = 0; node < NODES; node++) {
			while (true) {
				Process process = this.processes.get(node);
				if (!process.isAlive()) {
					throw new IllegalStateException("redis-server on port " + port(node) + " exited with "
							+ process.exitValue() + ":\n" + read(log(port(node))));
				}
				try {
					if ("+PONG".equals(command(node, "PING"))) {
						break;
					}
				}
				catch (UncheckedIOException ex) {
					// Not listening yet
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("redis-server on port " + port(node) + " did not answer within "
							+ STARTUP_TIMEOUT + ":\n" + read(log(port(node))));
				}
				sleep(20);
			}
		}
	}

	private List<String> clusterStates() {
		List<String> states = new ArrayList<>();
		for (int node = 0; node < NODES; node++) {
			if (this.processes.get(node).isAlive()) {
				states.add(clusterState(node));
			}
		}
		return states;
	}

	private String clusterState(int node) {
		try {
			for (String line : command(node, "CLUSTER", "INFO").split("\r\n")) {
				if (line.startsWith("cluster_state:")) {
					return line.substring("cluster_state:".length());
				}
			}
			return "unknown";
		}
		catch (UncheckedIOException ex) {
			return "unreachable";
		}
	}

	private Path log(int port) {
		return this.workDirectory.resolve("redis-" + port + ".log");
	}

	private static Path executable(String name) {
		String path = System.getenv("PATH");
		List<String> directories = new ArrayList<>(
				List.of((path != null) ? path.split(File.pathSeparator) : new String[0]));
		directories.add("/usr/bin");
		directories.add("/usr/local/bin");
		for (String directory : directories) {
			Path candidate = Path.of(directory, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(name + " is not installed (looked on the PATH, in /usr/bin and in "
				+ "/usr/local/bin). Install Redis 7 or later, for example with 'apt-get install redis-server' "
				+ "(Debian and Ubuntu, which brings redis-cli too) or 'brew install redis'.");
	}

	private static int freePort() throws IOException {
		// Each node also listens on its cluster bus port, the port plus 10000
		for (int attempt = 0; attempt < 100; attempt++) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
				int port = socket.getLocalPort();
				if (port + 10000 <= 65535 && isFree(port + 10000)) {
					return port;
				}
			}
		}
		throw new IOException("No free port with a free cluster bus port (port + 10000) found");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
