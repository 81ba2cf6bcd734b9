import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Summary of interleaved JMH pairs (the table {@code jmh-pairs.sh} or
 * {@code operation-pairs.sh} prints, whose last column is each pair's ratio B/A): the
 * geometric mean and the median of the ratios, and a 95 % bootstrap interval of the
 * geometric mean (pairs resampled with replacement, 20,000 times, fixed seed, so the same
 * table always gives the same interval). A ratio goal is shown met when the interval's upper
 * bound is at or below it, missed when its lower bound is above it.
 * <p>
 * {@code java benchmarks/PairRatios.java pairs.txt [goal]}
 */
public final class PairRatios {

	private static final int RESAMPLES = 20_000;

	private PairRatios() {
	}

	public static void main(String[] args) throws IOException {
		List<Double> read = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length == 4 && fields[0].matches("\\d+")) {
				read.add(Math.log(Double.parseDouble(fields[3])));
			}
		}
		double[] logs = read.stream().mapToDouble(Double::doubleValue).toArray();
		if (logs.length < 2) {
			throw new IllegalArgumentException("Need at least two pairs in " + args[0]);
		}
		double[] means = new double[RESAMPLES];
		Random random = new Random(20261206L);
		for (int r = 0; r < RESAMPLES; r++) {
			double sum = 0;
			for (int i = 0; i < logs.length; i++) {
				sum += logs[random.nextInt(logs.length)];
			}
			means[r] = sum / logs.length;
		}
		Arrays.sort(means);
		double[] sorted = logs.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		double median = (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		double low = Math.exp(means[(int) (RESAMPLES * 0.025)]);
		double high = Math.exp(means[(int) (RESAMPLES * 0.975) - 1]);
		System.out.printf("pairs %d: B/A geometric mean %.3f, 95%% bootstrap interval [%.3f, %.3f], median %.3f,"
				+ " range %.3f-%.3f%n", n, Math.exp(Arrays.stream(logs).average().orElseThrow()), low, high,
				Math.exp(median), Math.exp(sorted[0]), Math.exp(sorted[n - 1]));
		if (args.length > 1) {
			double goal = Double.parseDouble(args[1]);
			String verdict = (high <= goal) ? "met" : (low > goal) ? "missed" : "not resolved";
			System.out.printf("goal B/A <= %.2f: %s%n", goal, verdict);
		}
	}

}
