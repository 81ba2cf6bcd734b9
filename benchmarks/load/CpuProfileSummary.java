/*
 * Where a variant spends its CPU per request, from the folded stacks that
 * `PROFILE=async benchmarks/load/run.sh` records with async-profiler (one sample per
 * millisecond of CPU); run as a single-file program:
 *
 *     java CpuProfileSummary.java cpu-fast.collapsed <requests served> [package prefix]
 *
 * It prints, in microseconds per request: every sample by kind of thread, then the
 * request threads' time in the parts of the stack that observability adds (Spring's
 * observation filter and the observation handlers it runs, the starter's own code,
 * logging, trace export), and the starter's methods one by one. A method is charged
 * for what it runs itself and what it calls, except where it hands the request on (a
 * servlet filter calling the rest of the chain, an aspect proceeding): what follows
 * belongs to the rest of the application.
 *
 * A file whose name starts with "alloc-" (`PROFILE=alloc`) holds the bytes of sampled
 * allocations instead of CPU samples: the same summary is then in sampled bytes per
 * request, whose shares count (the total is below what was allocated; run.sh measures
 * that from the heap).
 */

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

public final class CpuProfileSummary {

	private static final Pattern HAND_ON = Pattern.compile(
			"ApplicationFilterChain\\.doFilter|MethodInvocationProceedingJoinPoint\\.proceed|ReflectiveMethodInvocation\\.proceed");

	private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda.*|_\\[[a-z0-9]\\]$");

	private final Map<String, Long> threads = new LinkedHashMap<>();

	private final Map<String, Long> parts = new LinkedHashMap<>();

	private final Map<String, Long> starterMethods = new TreeMap<>();

	private final boolean bytes;

	private CpuProfileSummary(boolean bytes) {
		this.bytes = bytes;
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: java CpuProfileSummary.java <folded stacks> <requests served> [package prefix]");
			System.exit(2);
		}
		double requests = Double.parseDouble(args[1]);
		String prefix = ((args.length > 2) ? args[2] : "io.observability").replace('.', '/');
		CpuProfileSummary summary = new CpuProfileSummary(
				Path.of(args[0]).getFileName().toString().startsWith("alloc-"));
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			int space = line.lastIndexOf(' ');
			if (space > 0) {
				summary.add(line.substring(0, space).split(";"), Long.parseLong(line.substring(space + 1)), prefix);
			}
		}
		summary.print(requests);
	}

	private void add(String[] stack, long samples, String prefix) {
		for (int i = 0; i < stack.length; i++) {
			stack[i] = LAMBDA.matcher(stack[i]).replaceAll("");
		}
		String thread = threadKind(stack);
		this.threads.merge(thread, samples, Long::sum);
		if (!thread.equals("request threads")) {
			return;
		}
		part(stack, samples, "observation filter and handlers (Spring, Micrometer)",
				(frame) -> frame.contains("ServerHttpObservationFilter.doFilterInternal"));
		part(stack, samples, "logging (Logback appenders and encoders)",
				(frame) -> frame.contains("ch/qos/logback/classic/Logger.callAppenders"));
		part(stack, samples, "the starter's code (" + prefix + ")", (frame) -> isStarter(frame, prefix));
		part(stack, samples, "kernel (network, files)", (frame) -> frame.equals("entry_SYSCALL_64_after_hwframe"));
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < stack.length; i++) {
			if (isStarter(stack[i], prefix) && seen.add(stack[i]) && !handsOn(stack, i)) {
				this.starterMethods.merge(stack[i], samples, Long::sum);
			}
		}
	}

	// Charges the samples to a part once, at its outermost frame, unless that frame
	// hands the request on and the sample belongs to what follows
	private void part(String[] stack, long samples, String name, Predicate<String> frame) {
		for (int i = 0; i < stack.length; i++) {
			if (frame.test(stack[i])) {
				int innermost = i;
				for (int j = i + 1; j < stack.length; j++) {
					if (frame.test(stack[j])) {
						innermost = j;
					}
				}
				if (!handsOn(stack, innermost)) {
					this.parts.merge(name, samples, Long::sum);
				}
				return;
			}
		}
	}

	// The benchmark application itself lives under the same prefix
	private static boolean isStarter(String frame, String prefix) {
		return frame.startsWith(prefix + "/") && !frame.startsWith("io/observability/spring/benchmarks/");
	}

	private static boolean handsOn(String[] stack, int index) {
		for (int i = index + 1; i < stack.length; i++) {
			if (HAND_ON.matcher(stack[i]).find()) {
				return true;
			}
		}
		return false;
	}

	private static String threadKind(String[] stack) {
		String joined = String.join(";", List.of(stack).subList(0, Math.min(stack.length, 12)));
		if (joined.contains("org/apache/tomcat/util/threads/TaskThread") || joined.contains("NioEndpoint$SocketProcessor")) {
			return "request threads";
		}
		if (joined.contains("NioEndpoint$Poller") || joined.contains("tomcat/util/net/Acceptor")) {
			// Wakes up for every request at a fixed rate with few connections
			return "Tomcat poller and acceptor";
		}
		if (joined.contains("CompileBroker::")) {
			return "JIT compiler";
		}
		if (joined.contains("VMThread::") || joined.contains("GCTaskThread") || joined.contains("Collector")) {
			return "GC and VM operations";
		}
		if (joined.contains("BatchSpanProcessor") || joined.contains("BatchLogRecordProcessor") || joined.contains("okhttp")
				|| joined.contains("jdk/internal/net/http")) {
			return "trace export";
		}
		return "other";
	}

	private void print(double requests) {
		long total = this.threads.values().stream().mapToLong(Long::longValue).sum();
		// A CPU sample is a millisecond, shown in µs; bytes stay bytes
		double scale = this.bytes ? 1 : 1000;
		String unit = this.bytes ? "bytes" : "µs";
		if (this.bytes) {
			System.out.printf(Locale.ROOT,
					"%d bytes in the sampled allocations, %.0f requests: %.1f sampled bytes per request (shares count, "
							+ "not the total)%n%n",
					total, requests, total / requests);
		}
		else {
			System.out.printf(Locale.ROOT, "%d samples (1 ms each), %.0f requests: %.1f µs of CPU per request%n%n", total,
					requests, total * 1000 / requests);
		}
		System.out.println("By kind of thread, " + unit + " per request:");
		this.threads.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> System.out.printf(Locale.ROOT, "%9.1f  %s%n", entry.getValue() * scale / requests,
					entry.getKey()));
		System.out.println();
		System.out.println("Request threads, " + unit
				+ " per request (parts overlap: logging inside the filter counts in both):");
		this.parts.forEach((name, samples) -> System.out.printf(Locale.ROOT, "%9.1f  %s%n", samples * scale / requests,
				name));
		System.out.println();
		System.out.println("The starter's methods, " + unit
				+ " per request (what they run themselves and call, not what they hand on to):");
		this.starterMethods.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(25)
			.forEach((entry) -> System.out.printf(Locale.ROOT, "%9.1f  %s%n", entry.getValue() * scale / requests,
					entry.getKey()));
	}

}
