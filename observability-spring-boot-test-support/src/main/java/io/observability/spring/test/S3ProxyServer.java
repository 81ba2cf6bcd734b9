package io.observability.spring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3Proxy server process with a transient, in-memory backend, for tests that need
 * an S3-compatible object store.
 * <p>
 * The server runs from S3Proxy's {@code jar-with-dependencies}, which the
 * {@code copy-s3proxy} execution of {@code maven-dependency-plugin} (declared in the
 * parent POM) copies to {@code target/s3proxy/s3proxy.jar}; the system property
 * {@value #JAR_PROPERTY} points elsewhere. Keeping the server in its own process keeps
 * its many dependencies off the test class path and lets tests stop or suspend it like a
 * real remote server.
 *
 * @author Observability Spring Boot contributors
 */
public final class S3ProxyServer implements AutoCloseable {

	/**
	 * System property that locates the S3Proxy jar.
	 */
	public static final String JAR_PROPERTY = "observability.test.s3proxy-jar";

	private static final Path DEFAULT_JAR = Path.of("target", "s3proxy", "s3proxy.jar");

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private final String accessKey = "test-access-key";

	private final String secretKey = "test-secret-key";

	private final int port;

	private final Path workDirectory;

	private final Process process;

	private S3ProxyServer(Path jar) throws IOException {
		this.port = freePort();
		this.workDirectory = Files.createTempDirectory("s3proxy");
		Path configuration = this.workDirectory.resolve("s3proxy.properties");
		Files.write(configuration,
				List.of("s3proxy.endpoint=" + endpoint(), "s3proxy.authorization=aws-v2-or-v4",
						"s3proxy.identity=" + this.accessKey, "s3proxy.credential=" + this.secretKey,
						"jclouds.provider=transient-nio2", "jclouds.identity=" + this.accessKey,
						"jclouds.credential=" + this.secretKey));
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		this.process = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-jar", jar.toAbsolutePath().toString(), "--properties", configuration.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.workDirectory.resolve("s3proxy.log").toFile())
			.start();
		Runtime.getRuntime().addShutdownHook(new Thread(this.process::destroyForcibly));
	}

	/**
	 * Start a server on a free loopback port and wait until it answers HTTP.
	 * @return the running server
	 * @throws IllegalStateException if the jar is missing or the server does not start
	 */
	public static S3ProxyServer start() {
		Path jar = Path.of(System.getProperty(JAR_PROPERTY, DEFAULT_JAR.toString()));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("S3Proxy jar not found at " + jar.toAbsolutePath()
					+ ". Declare maven-dependency-plugin in this module's pom (its copy-s3proxy execution copies "
					+ "org.gaul:s3proxy:jar-with-dependencies there) or set -D" + JAR_PROPERTY + "=<path>.");
		}
		try {
			S3ProxyServer server = new S3ProxyServer(jar);
			server.awaitStarted();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start S3Proxy from " + jar, ex);
		}
	}

	private void awaitStarted() throws IOException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest request = HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(2)).GET().build();
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("S3Proxy exited with " + this.process.exitValue() + ":\n" + log());
			}
			try {
				// Any HTTP answer (anonymous requests get 403) means the server is up
				client.send(request, HttpResponse.BodyHandlers.discarding());
				return;
			}
			catch (IOException ex) {
				sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		close();
		throw new IllegalStateException("S3Proxy did not answer within " + STARTUP_TIMEOUT + ":\n" + log());
	}

	/**
	 * Return the endpoint that S3 clients use, with path-style bucket addressing.
	 * @return the endpoint URI
	 */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the access key clients authenticate with.
	 * @return the access key
	 */
	public String accessKey() {
		return this.accessKey;
	}

	/**
	 * Return the secret key clients authenticate with.
	 * @return the secret key
	 */
	public String secretKey() {
		return this.secretKey;
	}

	/**
	 * Return the operating system process of the server, for tests that stop or suspend
	 * it.
	 * @return the process
	 */
	public Process process() {
		return this.process;
	}

	/**
	 * Return what the server has written to its console.
	 * @return the log
	 */
	public String log() {
		try {
			return Files.readString(this.workDirectory.resolve("s3proxy.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/**
	 * Stop the server and wait for its process to end.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
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
