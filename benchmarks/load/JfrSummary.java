/*
 * Where a variant spends its allocation and CPU, from a JFR recording made by
 * `JFR=1 benchmarks/load/run.sh`; run as a single-file program:
 *
 *     java JfrSummary.java recording.jfr [package prefix, default io.observability]
 *
 * Allocation comes from jdk.ObjectAllocationSample (bytes, by the sample weights; the
 * first sample of each thread is left out, as its weight covers allocation from before
 * the recording), CPU from jdk.ExecutionSample (sample counts). A sample is charged to
 * the package when a frame of the package is the nearest one to the allocation or the
 * executing code, unless that frame only hands the request on (a servlet filter calling
 * the rest of the chain, an aspect proceeding): then the cost belongs to what follows.
 */

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

public final class JfrSummary {

	private static final List<String> HAND_ON = List.of("org.apache.catalina.core.ApplicationFilterChain.doFilter",
			"org.springframework.aop.aspectj.MethodInvocationProceedingJoinPoint.proceed",
			"org.springframework.aop.framework.ReflectiveMethodInvocation.proceed");

	private JfrSummary() {
	}

	public static void main(String[] args) throws IOException {
		String prefix = (args.length > 1) ? args[1] : "io.observability";
		Map<String, Double> allocation = new LinkedHashMap<>();
		Map<String, Double> cpu = new LinkedHashMap<>();
		Map<String, Double> allocationSites = new LinkedHashMap<>();
		Set<Long> sampledThreads = new HashSet<>();
		double allocationTotal = 0;
		double cpuTotal = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			String type = event.getEventType().getName();
			if (type.equals("jdk.ObjectAllocationSample")) {
				RecordedThread thread = event.getThread("eventThread");
				if (thread == null || !sampledThreads.add(thread.getJavaThreadId())) {
					double weight = event.getLong("weight");
					allocationTotal += weight;
					allocation.merge(owner(event.getStackTrace(), prefix), weight, Double::sum);
					allocationSites.merge(site(event.getStackTrace()), weight, Double::sum);
				}
			}
			else if (type.equals("jdk.ExecutionSample")) {
				cpuTotal++;
				cpu.merge(owner(event.getStackTrace(), prefix), 1.0, Double::sum);
			}
		}
		System.out.printf(Locale.ROOT, "%s: %.0f MB allocation sampled, %.0f CPU samples%n", args[0],
				allocationTotal / 1e6, cpuTotal);
		print("Allocation charged to " + prefix, allocation, allocationTotal, 15);
		print("CPU charged to " + prefix, cpu, cpuTotal, 15);
		print("Allocation by nearest method outside the JDK (all code)", allocationSites, allocationTotal, 20);
	}

	private static String owner(RecordedStackTrace stackTrace, String prefix) {
		if (stackTrace == null) {
			return "(no stack trace)";
		}
		List<RecordedFrame> frames = stackTrace.getFrames();
		for (int i = 0; i < frames.size(); i++) {
			String method = name(frames.get(i));
			if (method.startsWith(prefix)) {
				String callee = (i > 0) ? name(frames.get(i - 1)) : "";
				return HAND_ON.stream().anyMatch(callee::startsWith) ? "(elsewhere)" : method;
			}
		}
		return "(elsewhere)";
	}

	// The nearest frame outside the JDK: who asked for the memory
	private static String site(RecordedStackTrace stackTrace) {
		if (stackTrace != null) {
			for (RecordedFrame frame : stackTrace.getFrames()) {
				String method = name(frame);
				if (!method.startsWith("java.") && !method.startsWith("jdk.") && !method.startsWith("sun.")) {
					return method;
				}
			}
		}
		return "(JDK only, JFR itself among them, or no stack trace)";
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static void print(String title, Map<String, Double> shares, double total, int limit) {
		System.out.println();
		System.out.println(title + ":");
		shares.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(limit)
			.forEach((entry) -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100 * entry.getValue() / total,
					entry.getKey()));
	}

}
