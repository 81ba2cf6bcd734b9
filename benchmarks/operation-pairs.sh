#!/usr/bin/env bash
# OperationPairBenchmark in FORKS JVMs: the same @Observed call with Spring Boot's ObservedAspect
# alone (A) and with the starter's extras (B), alternating every 64 calls in one thread (see the
# class). Prints, for each benchmark, each fork's median over its measurement iterations of
# ns per call of A and B and of the ratio B/A, then PairRatios.java's summary over the forks (95 %
# bootstrap interval of the geometric mean of the forks' ratios, and whether GOAL is met).
#
#   [GOAL=1.10] [BENCHMARKS="..."] benchmarks/operation-pairs.sh [FORKS] [OUTDIR] [JMH options]
#
# BENCHMARKS: methods of OperationPairBenchmark, by default observedBootAndStarter and
# observedBootAndStarterWithKeyValueExpression; timedBootAndObservedStarter puts Boot's @Timed
# path on the A side.
#
# Needs benchmarks/target/benchmarks.jar (mvn -pl benchmarks -am -DskipTests package). JMH options
# default to -wi 10 -w 2s -i 10 -r 2s. JMH's own summary table sums the per-iteration secondary
# results over the iterations; the figures here come from the iteration lines.
set -euo pipefail
cd "$(dirname "$0")/.."
forks=${1:-5}
out=${2:-benchmarks/target/operation-pairs}
shift $(($# < 2 ? $# : 2))
opts=("$@")
((${#opts[@]})) || opts=(-wi 10 -w 2s -i 10 -r 2s)
mkdir -p "$out"
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for benchmark in ${BENCHMARKS:-observedBootAndStarter observedBootAndStarterWithKeyValueExpression}; do
	printf '%-5s %14s %14s %7s\n' fork boot starter "B/A" | tee "$out/$benchmark.txt"
	for i in $(seq 1 "$forks"); do
		log="$out/$benchmark-$i.log"
		java -jar benchmarks/target/benchmarks.jar -f 1 "${opts[@]}" "OperationPairBenchmark.$benchmark\$" >"$log" 2>&1
		measured() { awk '/^Iteration/ {m = 1} /^# Warmup/ {m = 0} m && $1 == "'"$1"':" {print $2}' "$log" | median; }
		printf '%-5s %14.0f %14.0f %7.3f\n' "$i" "$(measured bootNanosPerCall)" "$(measured starterNanosPerCall)" \
			"$(measured starterPerBoot)" | tee -a "$out/$benchmark.txt"
	done
	((forks < 2)) || java benchmarks/PairRatios.java "$out/$benchmark.txt" ${GOAL:+"$GOAL"} | tee -a "$out/$benchmark.txt"
done
