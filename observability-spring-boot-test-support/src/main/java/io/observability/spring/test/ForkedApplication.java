package io.observability.spring.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An application's main class run in a JVM of its own, on the test JVM's class path, with
 * its console output collected line by line: what an operator sees of it, without the
 * test JVM's logging set-up in between.
 *
 * @author Observability Spring Boot contributors
 */
public final class ForkedApplication implements AutoCloseable {

	private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final Process process;

	private final List<String> stdout = new CopyOnWriteArrayList<>();

	private final List<String> stderr = new CopyOnWriteArrayList<>();

	private final Thread out;

	private final Thread err;

	private ForkedApplication(Process process) {
		this.process = process;
		this.out = drain(process.getInputStream(), this.stdout);
		this.err = drain(process.getErrorStream(), this.stderr);
	}

	/**
	 * Start the main class in a new JVM.
	 * @param mainClass the class whose {@code main} method to run
	 * @param environment environment variables to add to the test JVM's
	 * @param args the program arguments
	 * @return the running application
	 */
	public static ForkedApplication start(Class<?> mainClass, Map<String, String> environment, String... args) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(Arrays.asList(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(environment);
		try {
			return new ForkedApplication(builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + mainClass.getName(), ex);
		}
	}

	/**
	 * Wait until the application's embedded Tomcat has logged the port it listens on.
	 * @param timeoutSeconds how long to wait
	 * @return the port
	 * @throws InterruptedException if interrupted while waiting
	 */
	public int awaitTomcatPort(long timeoutSeconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
		while (System.nanoTime() < deadline && this.process.isAlive()) {
			for (String line : this.stdout) {
				Matcher matcher = TOMCAT_PORT.matcher(line);
				if (matcher.find()) {
					return Integer.parseInt(matcher.group(1));
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("Application did not start; stdout: " + this.stdout + " stderr: " + this.stderr);
	}

	/**
	 * Return the lines the application wrote to its standard output so far; all of them
	 * once it is {@link #close() closed}.
	 * @return the lines
	 */
	public List<String> stdout() {
		return List.copyOf(this.stdout);
	}

	/**
	 * Return the lines the application wrote to its standard error so far.
	 * @return the lines
	 */
	public List<String> stderr() {
		return List.copyOf(this.stderr);
	}

	/**
	 * Stop the application as an operator would (SIGTERM, so that it shuts down
	 * gracefully) and wait for it and the rest of its output.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				throw new AssertionError("Application did not stop within 30 s; stderr: " + this.stderr);
			}
			this.out.join(5000);
			this.err.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static Thread drain(InputStream stream, List<String> into) {
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
		}, "forked-application-output");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
