/*
 * Where one variant spends more than another, per request, from two folded-stack files
 * that `PROFILE=async` (CPU, 1 ms samples) or `PROFILE=alloc` (bytes) wrote for the same
 * endpoint; run as a single-file program:
 *
 *     java ProfileDiff.java <base.collapsed> <base requests> <other.collapsed> <other requests> [rows]
 *
 * Per frame (method), its inclusive cost per request (itself and everything it calls, each
 * sample charged once however often the frame recurs in its stack) in both files, ranked by
 * how much more the other file spends in it. A parent frame includes its children: read the
 * list as a tree, the deepest frames with a large difference are the causes. Frames only in
 * the other file (its own classes) head the list when they matter. A second list ranks the
 * frames by their own (self) cost, the leaf of each stack: where the time is finally spent.
 */

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

public final class ProfileDiff {

	private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda.*|_\\[[a-z0-9]\\]$");

	private ProfileDiff() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 4) {
			System.err.println(
					"usage: java ProfileDiff.java <base.collapsed> <base requests> <other.collapsed> <other requests> [rows]");
			System.exit(2);
		}
		boolean bytes = Path.of(args[2]).getFileName().toString().startsWith("alloc-");
		double scale = bytes ? 1 : 1000;
		Map<String, Double> base = new HashMap<>();
		Map<String, Double> baseSelf = new HashMap<>();
		read(Path.of(args[0]), scale / Double.parseDouble(args[1]), base, baseSelf);
		Map<String, Double> other = new HashMap<>();
		Map<String, Double> otherSelf = new HashMap<>();
		read(Path.of(args[2]), scale / Double.parseDouble(args[3]), other, otherSelf);
		int rows = (args.length > 4) ? Integer.parseInt(args[4]) : 40;
		String unit = bytes ? "sampled bytes" : "µs";
		double baseTotal = base.getOrDefault("", 0.0);
		double otherTotal = other.getOrDefault("", 0.0);
		System.out.printf(Locale.ROOT, "Per request: base %.1f %s, other %.1f %s, difference %+.1f %s%n%n", baseTotal,
				unit, otherTotal, unit, otherTotal - baseTotal, unit);
		print("inclusive, " + unit + " per request", base, other, rows);
		System.out.println();
		print("self, " + unit + " per request", baseSelf, otherSelf, rows);
	}

	private static void print(String title, Map<String, Double> base, Map<String, Double> other, int rows) {
		System.out.printf(Locale.ROOT, "%10s %10s %10s  frame (%s)%n", "base", "other", "other-base", title);
		Set<String> frames = new HashSet<>(base.keySet());
		frames.addAll(other.keySet());
		frames.remove("");
		frames.stream()
			.sorted((a, b) -> Double.compare(other.getOrDefault(b, 0.0) - base.getOrDefault(b, 0.0),
					other.getOrDefault(a, 0.0) - base.getOrDefault(a, 0.0)))
			.limit(rows)
			.forEach((frame) -> System.out.printf(Locale.ROOT, "%10.1f %10.1f %+10.1f  %s%n", base.getOrDefault(frame, 0.0),
					other.getOrDefault(frame, 0.0), other.getOrDefault(frame, 0.0) - base.getOrDefault(frame, 0.0),
					frame));
	}

	// Inclusive: frame -> per request in the stacks it appears in at least once ("" holds
	// the total); self: the stack's leaf frame -> per request
	private static void read(Path file, double perSample, Map<String, Double> inclusive, Map<String, Double> self)
			throws IOException {
		for (String line : Files.readAllLines(file)) {
			int space = line.lastIndexOf(' ');
			if (space <= 0) {
				continue;
			}
			double value = Long.parseLong(line.substring(space + 1)) * perSample;
			inclusive.merge("", value, Double::sum);
			Set<String> seen = new HashSet<>();
			String leaf = "";
			for (String frame : line.substring(0, space).split(";")) {
				leaf = LAMBDA.matcher(frame).replaceAll("");
				if (seen.add(leaf)) {
					inclusive.merge(leaf, value, Double::sum);
				}
			}
			self.merge(leaf, value, Double::sum);
		}
	}

}
