package io.observability.spring.test;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ApplicationProcess}.
 *
 * @author Observability Spring Boot contributors
 */
class ApplicationProcessTests {

	@Test
	void readsThePortAndTheConsoleUntilStopped() throws Exception {
		try (ApplicationProcess application = ApplicationProcess.start(FakeServer.class,
				Map.of("FAKE_SERVER_NAME", "billing"), "8123")) {
			assertThat(application.awaitPort()).isEqualTo(8123);
			application.stop();
			assertThat(application.stdout()).containsExactly("billing starting",
					"Tomcat started on port 8123 (http) with context path '/'");
			assertThat(application.stderr()).contains("a warning");
		}
	}

	@Test
	void applicationThatEndsBeforeStartingFails() throws Exception {
		try (ApplicationProcess application = ApplicationProcess.start(FakeServer.class)) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(application::awaitPort)
				.withMessageContaining("Application did not start");
		}
	}

	/**
	 * Prints what Tomcat prints when started on the port of its argument, then waits
	 * until its standard input closes; ends at once without an argument.
	 */
	public static final class FakeServer {

		private FakeServer() {
		}

		public static void main(String[] args) throws IOException {
			System.out.println(System.getenv("FAKE_SERVER_NAME") + " starting");
			if (args.length == 0) {
				return;
			}
			System.err.println("a warning");
			System.out.println("Tomcat started on port " + args[0] + " (http) with context path '/'");
			System.out.flush();
			System.in.read();
		}

	}

}
