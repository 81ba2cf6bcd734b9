/*
 * Summarises the raw figures of benchmarks/load/run.sh as markdown, run as a single-file
 * program:
 *
 *     java Report.java raw.tsv "a b c d" [saturation|steady]
 *
 * raw.tsv holds one "round variant metric value" line per measurement. Every figure is
 * the median over the rounds with the min-max range; every ratio is taken to variant (a)
 * of the same round first, then summarised the same way, so that a slower or faster
 * round on a shared machine moves numerator and denominator together.
 */

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

public final class Report {

	private static final Map<String, String> LABELS = Map.of("a", "(a) plain Boot", "b", "(b) Boot, by hand", "c",
			"(c) this starter", "d", "(d) OTel agent", "e", "(e) starter + ARGS_e", "f", "(f) starter + ARGS_f", "g",
			"(g) starter + ARGS_g", "h", "(h) starter + ARGS_h", "i", "(i) starter + ARGS_i");

	// round -> variant -> metric -> value
	private final Map<Integer, Map<String, Map<String, Double>>> values = new TreeMap<>();

	private final List<String> variants;

	private final boolean steady;

	private Report(List<String> variants, boolean steady) {
		this.variants = variants;
		this.steady = steady;
	}

	public static void main(String[] args) throws IOException {
		Report report = new Report(List.of(args[1].trim().split("\\s+")), args.length > 2 && args[2].equals("steady"));
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			String[] fields = line.split("\t");
			if (fields.length == 4 && !fields[0].equals("round") && !fields[3].equals("NA") && !fields[3].isEmpty()) {
				report.values.computeIfAbsent(Integer.parseInt(fields[0]), (key) -> new TreeMap<>())
					.computeIfAbsent(fields[1], (key) -> new LinkedHashMap<>())
					.put(fields[2], Double.parseDouble(fields[3]));
			}
		}
		if (report.steady) {
			report.printSteady();
		}
		else {
			report.print();
		}
	}

	private void printSteady() {
		System.out.println("## Steady state: figures");
		System.out.println();
		System.out.println("Median of " + this.values.size() + " round(s), [min–max]. Each endpoint at its fixed rate "
				+ "after the warm-up; CPU and allocation per request over the window, CPU of the whole process "
				+ "and split by thread; latency from sending a request to its response.");
		System.out.println();
		header("");
		for (String endpoint : List.of("fast", "work")) {
			figure(endpoint + ": requests/s served", endpoint + "_rps", 1, (v) -> v);
			figure(endpoint + ": CPU µs/request, whole process", endpoint + "_cpu_us_per_req", 1, (v) -> v);
			figure(endpoint + ": … request threads (http-nio-*-exec-*)", endpoint + "_cpu_us_requests", 1, (v) -> v);
			figure(endpoint + ": … Tomcat poller and acceptor", endpoint + "_cpu_us_io", 1, (v) -> v);
			figure(endpoint + ": … JIT compiler", endpoint + "_cpu_us_jit", 1, (v) -> v);
			figure(endpoint + ": … GC and VM thread", endpoint + "_cpu_us_gc", 1, (v) -> v);
			figure(endpoint + ": … trace and log export", endpoint + "_cpu_us_export", 1, (v) -> v);
			figure(endpoint + ": … other threads", endpoint + "_cpu_us_other", 1, (v) -> v);
			figure(endpoint + ": allocated KB/request", endpoint + "_alloc_bytes_per_req", 2, (v) -> v / 1024);
			figure(endpoint + ": p50 latency, ms", endpoint + "_p50_ms", 3, (v) -> v);
			figure(endpoint + ": p99 latency, ms", endpoint + "_p99_ms", 3, (v) -> v);
			figure(endpoint + ": mean latency, ms", endpoint + "_mean_ms", 3, (v) -> v);
		}
		figure("start-up to first 200, ms", "startup_ms", 0, (v) -> v);
		figure("classes loaded by the first 200", "startup_classes", 0, (v) -> v);
		figure("live threads after load", "threads", 0, (v) -> v);
		figure("RSS after load, MB", "rss_mb", 0, (v) -> v);
		System.out.println();
		System.out.println("## Steady state: ratios to (a), same round");
		System.out.println();
		System.out.println("Each round's figure divided by (a)'s in the same round, then median [min–max] over the "
				+ "rounds; threads as a difference. The last columns check (c) against the goals of issue 20 "
				+ "(on the medians).");
		System.out.println();
		header(" goal for (c) | (c) |");
		SteadyGoal belowAlternatives = new SteadyGoal("≤ min((b), (d))", Double.NaN, List.of("b", "d"));
		ratio("fast: CPU/request", "fast_cpu_us_per_req", new SteadyGoal("≤ 1.10×, ≤ min((b), (d))", 1.10, List.of("b", "d")));
		ratio("fast: CPU/request, request threads", "fast_cpu_us_requests", belowAlternatives);
		ratio("fast: allocation/request", "fast_alloc_bytes_per_req", new SteadyGoal("≤ (b)", Double.NaN, List.of("b")));
		ratio("fast: p50 latency", "fast_p50_ms", SteadyGoal.NONE);
		ratio("fast: p99 latency", "fast_p99_ms", SteadyGoal.NONE);
		ratio("work: CPU/request", "work_cpu_us_per_req", new SteadyGoal("≤ 1.05×, ≤ min((b), (d))", 1.05, List.of("b", "d")));
		ratio("work: CPU/request, request threads", "work_cpu_us_requests", belowAlternatives);
		ratio("work: allocation/request", "work_alloc_bytes_per_req", new SteadyGoal("≤ (b)", Double.NaN, List.of("b")));
		ratio("work: p50 latency", "work_p50_ms", SteadyGoal.NONE);
		ratio("work: p99 latency", "work_p99_ms", SteadyGoal.NONE);
		ratio("start-up to first 200", "startup_ms", new SteadyGoal("≤ (b)", Double.NaN, List.of("b")));
		ratio("live threads (difference)", "threads", new SteadyGoal("≤ (b)", Double.NaN, List.of("b"), true));
		System.out.println();
		System.out.println("## Steady state: spread of (a)");
		System.out.println();
		System.out.println("(a)'s own figure over the rounds, as ± half its min–max range in % of its median: the "
				+ "run can tell apart ratios that differ by more than about twice this. Issue 20 asks for "
				+ "±5 % or less on CPU and allocation per request; more means too few rounds, too short a "
				+ "window, or a busy machine (see the checks).");
		System.out.println();
		System.out.println("| (a) plain Boot | median | ± % | within ±5 % |");
		System.out.println("|---|---|---|---|");
		for (String endpoint : List.of("fast", "work")) {
			spread(endpoint + ": CPU µs/request, whole process", endpoint + "_cpu_us_per_req");
			spread(endpoint + ": CPU µs/request, request threads", endpoint + "_cpu_us_requests");
			spread(endpoint + ": allocated bytes/request", endpoint + "_alloc_bytes_per_req");
			spread(endpoint + ": p50 latency, ms", endpoint + "_p50_ms");
		}
		System.out.println();
		System.out.println("## Steady state: checks");
		System.out.println();
		System.out.println("Rate achieved: requests served per request scheduled; below 0.98 the rate was not below "
				+ "the variant's saturation and the window is not steady state. App CPU use: share of the pinned "
				+ "CPU(s) the app used (well below 1). Warm-up: seconds until the JIT compiler's queue was "
				+ "empty after a slice in which the compiler used at most JIT_QUIET % of the process's CPU "
				+ "(WARMUP_MAX when it never was), methods left in the queue and the compiler's share then, "
				+ "methods queued at the end of each window. Steal and foreign CPU: share of the app's CPUs taken by the hypervisor and by other "
				+ "processes during the window; above a few percent the run is from a busy machine. Span "
				+ "coverage: spans received per span expected.");
		System.out.println();
		header("");
		figure("warm-up, s", "warmup_s", 0, (v) -> v);
		figure("compile queue after warm-up", "warmup_compile_queue", 0, (v) -> v);
		figure("JIT compiler's % of the CPU, last warm-up slice", "warmup_jit_percent", 0, (v) -> v);
		for (String endpoint : List.of("fast", "work")) {
			figure(endpoint + ": rate achieved", endpoint + "_rate_achieved", 3, (v) -> v);
			figure(endpoint + ": app CPU use", endpoint + "_app_cpu_util", 3, (v) -> v);
			figure(endpoint + ": compile queue at window end", endpoint + "_compile_queue_end", 0, (v) -> v);
			figure(endpoint + ": errors", endpoint + "_errors", 0, (v) -> v);
			figure(endpoint + ": steal on the app's CPUs", endpoint + "_steal", 3, (v) -> v);
			figure(endpoint + ": foreign CPU on the app's CPUs", endpoint + "_foreign_cpu", 3, (v) -> v);
		}
		figure("span coverage", "span_coverage", 3, (v) -> v);
	}

	private void spread(String label, String metric) {
		List<Double> series = new ArrayList<>();
		for (Map<String, Map<String, Double>> round : this.values.values()) {
			Double value = round.getOrDefault("a", Map.of()).get(metric);
			if (value != null) {
				series.add(value);
			}
		}
		if (series.isEmpty()) {
			System.out.println("| " + label + " | n/a | n/a | n/a |");
			return;
		}
		double median = median(series);
		double spread = (Collections.max(series) - Collections.min(series)) / 2 / median * 100;
		String within = (series.size() < 2) ? "one round: n/a" : (spread <= 5) ? "yes" : "**no**";
		System.out.println("| " + label + " | " + format(median, 3) + " | ±" + format(spread, 1) + " % | " + within
				+ " |");
	}

	private List<Double> ratios(String metric, String variant, boolean difference) {
		List<Double> series = new ArrayList<>();
		for (Map<String, Map<String, Double>> round : this.values.values()) {
			Double base = round.getOrDefault("a", Map.of()).get(metric);
			Double value = round.getOrDefault(variant, Map.of()).get(metric);
			if (base != null && value != null) {
				if (difference) {
					series.add(value - base);
				}
				else if (base != 0) {
					series.add(value / base);
				}
			}
		}
		return series;
	}

	private void print() {
		System.out.println("## Figures");
		System.out.println();
		System.out.println("Median of " + this.values.size() + " round(s), [min–max]. Saturation: requests/s, CPU and "
				+ "allocation per request. Latency: fixed low concurrency.");
		System.out.println();
		header("");
		figure("fast: requests/s", "fast_rps", 0, (v) -> v);
		figure("fast: mean latency, ms", "fast_mean_ms", 3, (v) -> v);
		figure("fast: p99 latency, ms", "fast_p99_ms", 3, (v) -> v);
		figure("fast: CPU µs/request", "fast_cpu_us_per_req", 0, (v) -> v);
		cpuByThread("fast");
		figure("fast: allocated KB/request", "fast_alloc_bytes_per_req", 1, (v) -> v / 1024);
		figure("work: requests/s", "work_rps", 0, (v) -> v);
		figure("work: mean latency, ms", "work_mean_ms", 3, (v) -> v);
		figure("work: p99 latency, ms", "work_p99_ms", 3, (v) -> v);
		figure("work: CPU µs/request", "work_cpu_us_per_req", 0, (v) -> v);
		cpuByThread("work");
		figure("work: allocated KB/request", "work_alloc_bytes_per_req", 1, (v) -> v / 1024);
		figure("start-up to first 200, ms", "startup_ms", 0, (v) -> v);
		figure("CPU until first 200, ms", "startup_cpu_ms", 0, (v) -> v);
		figure("classes loaded by the first 200", "startup_classes", 0, (v) -> v);
		figure("live threads after load", "threads", 0, (v) -> v);
		figure("RSS after load, MB", "rss_mb", 0, (v) -> v);
		System.out.println();
		System.out.println("## Ratios to (a), same round");
		System.out.println();
		System.out.println("Median of the per-round ratios, [min–max]; threads as a difference. The last column checks "
				+ "(c) against the goals of issue 8.");
		System.out.println();
		header(" goal for (c) | (c) |");
		ratio("fast: requests/s", "fast_rps", Goal.atLeast(0.90, true));
		ratio("fast: mean latency", "fast_mean_ms", Goal.atMost(1.03));
		ratio("fast: p99 latency", "fast_p99_ms", Goal.atMost(1.05));
		ratio("fast: CPU/request", "fast_cpu_us_per_req", Goal.NONE);
		ratio("fast: CPU/request, request threads", "fast_cpu_us_requests", Goal.NONE);
		ratio("fast: allocation/request", "fast_alloc_bytes_per_req", Goal.atMost(1.10));
		ratio("work: requests/s", "work_rps", Goal.atLeast(0.95, true));
		ratio("work: mean latency", "work_mean_ms", Goal.atMost(1.03));
		ratio("work: p99 latency", "work_p99_ms", Goal.atMost(1.05));
		ratio("work: CPU/request", "work_cpu_us_per_req", Goal.NONE);
		ratio("work: CPU/request, request threads", "work_cpu_us_requests", Goal.NONE);
		ratio("work: allocation/request", "work_alloc_bytes_per_req", Goal.atMost(1.10));
		ratio("start-up to first 200", "startup_ms", Goal.atMost(1.10));
		ratio("CPU until first 200", "startup_cpu_ms", Goal.NONE);
		ratio("classes loaded by the first 200", "startup_classes", Goal.NONE);
		ratio("live threads (difference)", "threads", Goal.extraAtMost(3));
		ratio("RSS", "rss_mb", Goal.NONE);
		System.out.println();
		System.out.println("## Checks");
		System.out.println();
		System.out.println("App CPU use during saturation should be close to 1.00 (the app, not wrk, is the bottleneck). "
				+ "Span coverage is spans received by the sink per span expected (1 per request, 2 on /work, "
				+ "0 for (a)); a little above 1.00 is normal (requests in flight when wrk stops are traced but not "
				+ "counted), well below 1.00 means the exporter dropped spans. Steal: share of the app's CPUs that "
				+ "the hypervisor gave to other machines during saturation; foreign CPU: share those CPUs spent "
				+ "on other processes. Either above a few percent makes the timing figures of that window "
				+ "unreliable. (The load average is no guide: 32 connections keep about 32 request threads "
				+ "runnable, so the benchmark itself raises it above 10.)");
		System.out.println();
		header("");
		figure("fast: app CPU use at saturation", "fast_app_cpu_util", 2, (v) -> v);
		figure("work: app CPU use at saturation", "work_app_cpu_util", 2, (v) -> v);
		figure("errors at saturation (fast)", "fast_sat_errors", 0, (v) -> v);
		figure("errors at saturation (work)", "work_sat_errors", 0, (v) -> v);
		figure("span coverage", "span_coverage", 3, (v) -> v);
		figure("fast: steal on the app's CPUs", "fast_steal", 3, (v) -> v);
		figure("work: steal on the app's CPUs", "work_steal", 3, (v) -> v);
		figure("fast: foreign CPU on the app's CPUs", "fast_foreign_cpu", 3, (v) -> v);
		figure("work: foreign CPU on the app's CPUs", "work_foreign_cpu", 3, (v) -> v);
	}

	private void cpuByThread(String endpoint) {
		figure(endpoint + ": … request threads", endpoint + "_cpu_us_requests", 0, (v) -> v);
		figure(endpoint + ": … JIT compiler", endpoint + "_cpu_us_jit", 0, (v) -> v);
		figure(endpoint + ": … GC", endpoint + "_cpu_us_gc", 0, (v) -> v);
		figure(endpoint + ": … trace export", endpoint + "_cpu_us_export", 0, (v) -> v);
		figure(endpoint + ": … other threads", endpoint + "_cpu_us_other", 0, (v) -> v);
	}

	private void header(String extra) {
		StringBuilder line = new StringBuilder("| |");
		StringBuilder rule = new StringBuilder("|---|");
		for (String variant : this.variants) {
			line.append(' ').append(LABELS.getOrDefault(variant, variant)).append(" |");
			rule.append("---|");
		}
		if (!extra.isEmpty()) {
			line.append(extra);
			rule.append("---|---|");
		}
		System.out.println(line);
		System.out.println(rule);
	}

	private void figure(String label, String metric, int decimals, DoubleUnaryOperator scale) {
		StringBuilder line = new StringBuilder("| " + label + " |");
		for (String variant : this.variants) {
			List<Double> series = new ArrayList<>();
			for (Map<String, Map<String, Double>> round : this.values.values()) {
				Double value = round.getOrDefault(variant, Map.of()).get(metric);
				if (value != null) {
					series.add(scale.applyAsDouble(value));
				}
			}
			line.append(' ').append(summary(series, decimals, "")).append(" |");
		}
		System.out.println(line);
	}

	private void ratio(String label, String metric, Check goal) {
		StringBuilder line = new StringBuilder("| " + label + " |");
		Map<String, Double> medians = new LinkedHashMap<>();
		for (String variant : this.variants) {
			List<Double> series = ratios(metric, variant, goal.difference());
			if (!series.isEmpty()) {
				medians.put(variant, median(series));
			}
			line.append(' ')
				.append(goal.difference() ? signed(summary(series, 0, "")) : summary(series, 2, "×"))
				.append(" |");
		}
		line.append(' ').append(goal.text()).append(" | ").append(goal.verdict(medians)).append(" |");
		System.out.println(line);
	}

	private static String signed(String summary) {
		return (summary.startsWith("-") || summary.equals("n/a")) ? summary : "+" + summary;
	}

	private static String summary(List<Double> series, int decimals, String suffix) {
		if (series.isEmpty()) {
			return "n/a";
		}
		String median = format(median(series), decimals) + suffix;
		if (series.size() == 1) {
			return median;
		}
		return median + " [" + format(Collections.min(series), decimals) + "–"
				+ format(Collections.max(series), decimals) + "]";
	}

	private static double median(List<Double> series) {
		List<Double> sorted = new ArrayList<>(series);
		Collections.sort(sorted);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static String format(double value, int decimals) {
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

	/**
	 * A goal for variant (c), checked on the median ratios of a row.
	 */
	private interface Check {

		String text();

		boolean difference();

		String verdict(Map<String, Double> medians);

	}

	/**
	 * A goal of issue 8 for variant (c), checked on the median ratio.
	 */
	private record Goal(String text, double limit, int direction, boolean beatAgent,
			boolean difference) implements Check {

		static final Goal NONE = new Goal("—", 0, 0, false, false);

		static Goal atLeast(double limit, boolean beatAgent) {
			return new Goal(String.format(Locale.ROOT, "≥ %.2f×%s", limit, beatAgent ? ", above (d)" : ""), limit, 1,
					beatAgent, false);
		}

		static Goal atMost(double limit) {
			return new Goal(String.format(Locale.ROOT, "≤ %.2f×", limit), limit, -1, false, false);
		}

		static Goal extraAtMost(int limit) {
			return new Goal("≤ +" + limit, limit, -1, false, true);
		}

		@Override
		public String verdict(Map<String, Double> medians) {
			Double starter = medians.get("c");
			if (this.direction == 0 || starter == null) {
				return "—";
			}
			boolean met = (this.direction > 0) ? starter >= this.limit : starter <= this.limit;
			Double agent = medians.get("d");
			if (this.beatAgent && agent != null) {
				met = met && starter > agent;
			}
			return met ? "met" : "**missed**";
		}

	}


	/**
	 * A goal of issue 20 for variant (c), checked on the median ratio: at most a limit
	 * (NaN for none) and at most the median of each of the other variants named.
	 */
	private record SteadyGoal(String text, double limit, List<String> atMostOf, boolean difference) implements Check {

		static final SteadyGoal NONE = new SteadyGoal("—", Double.NaN, List.of());

		SteadyGoal(String text, double limit, List<String> atMostOf) {
			this(text, limit, atMostOf, false);
		}

		@Override
		public String verdict(Map<String, Double> medians) {
			Double starter = medians.get("c");
			if (starter == null || (Double.isNaN(this.limit) && this.atMostOf.isEmpty())) {
				return "—";
			}
			boolean met = Double.isNaN(this.limit) || starter <= this.limit;
			for (String other : this.atMostOf) {
				Double value = medians.get(other);
				if (value == null) {
					return "n/a";
				}
				met = met && starter <= value;
			}
			return met ? "met" : "**missed**";
		}

	}

}
