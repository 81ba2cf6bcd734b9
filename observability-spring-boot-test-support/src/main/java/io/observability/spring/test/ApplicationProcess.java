package io.observability.spring.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An application's main class run in a JVM of its own, with the test JVM's class path:
 * every line it writes to the console is kept, and its port is read from Tomcat's
 * start-up line. For tests of what an application writes to its console, which a test in
 * the same JVM shares with every other application it starts.
 *
 * @author Observability Spring Boot contributors
 */
public final class ApplicationProcess implements AutoCloseable {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);

	private final Process process;

	private final List<String> stdout = new CopyOnWriteArrayList<>();

	private final List<String> stderr = new CopyOnWriteArrayList<>();

	private final Thread stdoutReader;

	private final Thread stderrReader;

	private ApplicationProcess(Process process) {
		this.process = process;
		this.stdoutReader = read(process.getInputStream(), this.stdout);
		this.stderrReader = read(process.getErrorStream(), this.stderr);
	}

	/**
	 * Start an application.
	 * @param mainClass the class whose {@code main} method to run
	 * @param arguments the command line arguments
	 * @return the running application
	 */
	public static ApplicationProcess start(Class<?> mainClass, String... arguments) {
		return start(mainClass, Map.of(), arguments);
	}

	/**
	 * Start an application.
	 * @param mainClass the class whose {@code main} method to run
	 * @param environment environment variables to add to the test JVM's
	 * @param arguments the command line arguments
	 * @return the running application
	 */
	public static ApplicationProcess start(Class<?> mainClass, Map<String, String> environment, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		try {
			return new ApplicationProcess(builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + mainClass.getName(), ex);
		}
	}

	/**
	 * Wait until Tomcat has started, for up to three minutes, and return its port.
	 * @return the port the application listens on
	 * @throws InterruptedException if interrupted while waiting
	 * @throws AssertionError if the application ends or does not start in time
	 */
	public int awaitPort() throws InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
		while (System.nanoTime() < deadline && this.process.isAlive()) {
			for (String line : this.stdout) {
				Matcher matcher = PORT.matcher(line);
				if (matcher.find()) {
					return Integer.parseInt(matcher.group(1));
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("Application did not start; stdout: " + this.stdout + " stderr: " + this.stderr);
	}

	/**
	 * Return the lines the application wrote to its standard output so far.
	 * @return the lines, in order
	 */
	public List<String> stdout() {
		return List.copyOf(this.stdout);
	}

	/**
	 * Return the lines the application wrote to its standard error so far.
	 * @return the lines, in order
	 */
	public List<String> stderr() {
		return List.copyOf(this.stderr);
	}

	/**
	 * Stop the application as a termination signal would, wait for it to end and for its
	 * last lines to be read.
	 * @throws InterruptedException if interrupted while waiting
	 * @throws AssertionError if the application does not end within 60 seconds
	 */
	public void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError("Application did not stop; stderr: " + this.stderr);
		}
		// The readers need a CPU to take the last lines from the pipes
		this.stdoutReader.join(30_000);
		this.stderrReader.join(30_000);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			stop();
		}
	}

	private static Thread read(InputStream stream, List<String> into) {
		Thread thread = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					into.add(line);
				}
			}
			catch (IOException ex) {
				// The process ended
			}
		}, "application-process-output");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
