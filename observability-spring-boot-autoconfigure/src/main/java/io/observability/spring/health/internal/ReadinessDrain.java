package io.observability.spring.health.internal;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Drains traffic on shutdown: Spring Boot's web application contexts publish
 * {@link ReadinessState#REFUSING_TRAFFIC} as they start closing (the readiness probe
 * answers {@code OUT_OF_SERVICE}); this then holds the shutdown for the drain delay
 * before the web server stops, so that Kubernetes can take the pod out of its endpoints
 * while requests still succeed.
 * <p>
 * {@link ContextClosedEvent} is published after readiness changed and before any
 * lifecycle bean stops, so the web server keeps serving during the delay.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public class ReadinessDrain implements ApplicationListener<ContextClosedEvent> {

	private static final Log logger = LogFactory.getLog(ReadinessDrain.class);

	private final ApplicationContext applicationContext;

	private final Duration delay;

	/**
	 * Create a new instance.
	 * @param applicationContext the context whose shutdown is drained; events of other
	 * contexts, such as a child management context, are ignored
	 * @param delay how long to keep serving once readiness refuses traffic
	 */
	public ReadinessDrain(ApplicationContext applicationContext, Duration delay) {
		this.applicationContext = applicationContext;
		this.delay = delay;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.applicationContext) {
			return;
		}
		if (this.delay.isZero()) {
			return;
		}
		logger.info("Readiness is refusing traffic; draining for " + this.delay.toMillis() + " ms before shutdown");
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
