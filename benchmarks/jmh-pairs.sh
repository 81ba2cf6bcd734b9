#!/usr/bin/env bash
# Interleaved single-fork JMH runs of two benchmarks, A then B, then B then A, and so on, so that a
# drift of the machine's speed during the run hits both alike; prints each pair's medians and ratio.
#
#   [GOAL=1.10] benchmarks/jmh-pairs.sh PAIRS BENCHMARK_A BENCHMARK_B [OUTDIR] [JMH options]
#   e.g. benchmarks/jmh-pairs.sh 6 OperationBenchmark.observedAspectWithMeterAndTracingHandlers \
#        OperationBenchmark.observedWithStarterExtras
#
# Ends with PairRatios.java's summary of the table (also in OUTDIR/pairs.txt): the geometric mean
# of the ratios with a 95 % bootstrap interval, and whether GOAL (a B/A ratio) is met, missed or
# not resolved by the run. Needs benchmarks/target/benchmarks.jar (mvn -pl benchmarks -am -DskipTests package). JMH options
# default to -f 1 -wi 10 -w 2s -i 5 -r 2s -prof gc.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=$1 a=$2 b=$3
out=${4:-benchmarks/target/jmh-pairs}
shift $(($# < 4 ? $# : 4))
opts=("$@")
((${#opts[@]})) || opts=(-f 1 -wi 10 -w 2s -i 5 -r 2s -prof gc)
mkdir -p "$out"
median() { # file: median of the measurement iterations, ns/op
	grep -E '^Iteration +[0-9]+:' "$1" | awk '{print $3}' | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
run() { # pair benchmark
	java -jar benchmarks/target/benchmarks.jar "${opts[@]}" "$2\$" >"$out/$1-${2##*.}.txt" 2>&1
}
printf '%-5s %14s %14s %7s\n' pair "${a##*.}" "${b##*.}" "B/A" | tee "$out/pairs.txt"
for i in $(seq 1 "$pairs"); do
	if ((i % 2)); then run "$i" "$a"; run "$i" "$b"; else run "$i" "$b"; run "$i" "$a"; fi
	ma=$(median "$out/$i-${a##*.}.txt") mb=$(median "$out/$i-${b##*.}.txt")
	printf '%-5s %14.0f %14.0f %7.3f\n' "$i" "$ma" "$mb" "$(awk -v x="$ma" -v y="$mb" 'BEGIN {print y / x}')" |
		tee -a "$out/pairs.txt"
done
((pairs < 2)) || java benchmarks/PairRatios.java "$out/pairs.txt" ${GOAL:+"$GOAL"}
