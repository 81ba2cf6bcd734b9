import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;

import io.observability.spring.tracing.internal.RecordUnsampledSampler;
import io.observability.spring.tracing.internal.TailSamplingSpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Cost of the tracing layer per request, in one JVM: CPU time of the whole process and
 * bytes allocated by all its threads, per request, for a request of three spans (server
 * span, an @Observed-like child, an HTTP client child) with the attributes Micrometer sets.
 * Modes: "off" (probability 0.0, no tail sampling), "tail" (probability 0.0 with the
 * starter's tail sampling, every request successful and fast, so nothing is exported),
 * "sampled" (probability 1.0, exported over OTLP/HTTP to ENDPOINT), and "record"
 * (probability 0.0, spans recorded by the SDK but no tail-sampling processor: what recording
 * alone costs, the floor of "tail"). See docs/benchmarks.md.
 */
public class TailSamplingCost {

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		int warmup = Integer.parseInt(args[1]);
		int measured = Integer.parseInt(args[2]);
		String endpoint = args[3];
		SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build();
		Sampler head = Sampler.parentBased(Sampler.traceIdRatioBased(mode.equals("sampled") ? 1.0 : 0.0));
		SdkTracerProviderBuilder builder = SdkTracerProvider.builder();
		switch (mode) {
			case "off" -> builder.setSampler(head).addSpanProcessor(exportProcessor(exporter, false));
			case "tail" -> builder.setSampler(new RecordUnsampledSampler(head))
				.addSpanProcessor(exportProcessor(exporter, false))
				.addSpanProcessor(new TailSamplingSpanProcessor(
						exportProcessor(exporter, true),
						new TailSamplingSpanProcessor.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), false,
								1000, 10000, Duration.ofMinutes(1)),
						Clock.getDefault()));
			// what the SDK alone costs to record the spans: the floor of "tail"
			case "record" -> builder.setSampler(new RecordUnsampledSampler(head))
				.addSpanProcessor(exportProcessor(exporter, false));
			case "sampled" -> builder.setSampler(head).addSpanProcessor(exportProcessor(exporter, false));
			default -> throw new IllegalArgumentException(mode);
		}
		SdkTracerProvider provider = builder.build();
		Tracer tracer = provider.get("org.springframework.boot");
		for (int i = 0; i < warmup; i++) {
			request(tracer, i);
		}
		provider.forceFlush().join(30, java.util.concurrent.TimeUnit.SECONDS);
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		long cpuBefore = os.getProcessCpuTime();
		long allocatedBefore = allocated();
		for (int i = 0; i < measured; i++) {
			request(tracer, i);
		}
		provider.forceFlush().join(30, java.util.concurrent.TimeUnit.SECONDS);
		long cpu = os.getProcessCpuTime() - cpuBefore;
		long allocated = allocated() - allocatedBefore;
		System.out.printf("%s\tcpu_us_per_request=%.2f\tallocated_bytes_per_request=%.0f%n", mode,
				cpu / 1000.0 / measured, allocated / (double) measured);
		provider.close();
	}

	// a queue large enough that no span is dropped: every span of a sampled request is
	// exported within the measured window (the final flush waits for it)
	private static BatchSpanProcessor exportProcessor(SpanExporter exporter, boolean unsampled) {
		return BatchSpanProcessor.builder(exporter).setMaxQueueSize(100_000).setExportUnsampledSpans(unsampled).build();
	}

	private static void request(Tracer tracer, int i) {
		Span server = tracer.spanBuilder("http get /orders/{id}").setSpanKind(SpanKind.SERVER).setNoParent().startSpan();
		try (Scope scope = server.makeCurrent()) {
			Span observed = tracer.spanBuilder("pricing#quote").startSpan();
			observed.setAttribute("class", "com.acme.Pricing")
				.setAttribute("method", "quote")
				.setAttribute("error", "none");
			observed.end();
			Span client = tracer.spanBuilder("http get").setSpanKind(SpanKind.CLIENT).startSpan();
			client.setAttribute("method", "GET")
				.setAttribute("uri", "/stock/{sku}")
				.setAttribute("status", "200")
				.setAttribute("outcome", "SUCCESS")
				.setAttribute("client.name", "127.0.0.1")
				.setAttribute("http.url", "http://127.0.0.1:8081/stock/a" + (i & 1023));
			client.end();
			server.setAttribute("method", "GET")
				.setAttribute("uri", "/orders/{id}")
				.setAttribute("status", "200")
				.setAttribute("outcome", "SUCCESS")
				.setAttribute("exception", "none")
				.setAttribute("http.url", "/orders/" + (i & 1023));
		}
		finally {
			server.end();
		}
	}

	private static long allocated() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long[] ids = threads.getAllThreadIds();
		return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter((bytes) -> bytes > 0).sum();
	}

}
