#!/usr/bin/env bash
# Session 7 quiet-window batch: JMH OperationBenchmark pairs (4 forks), steady a b c d (burst warm-up).
set -uo pipefail
cd /work/main
OUTDIR=${OUTDIR:-/work/wt/bench7-out}
mkdir -p "$OUTDIR"
date -u +"start %FT%TZ" | tee "$OUTDIR/times.txt"
uptime >> "$OUTDIR/times.txt"
git log --oneline -1 >> "$OUTDIR/times.txt"
java -jar benchmarks/target/benchmarks.jar -f 4 -wi 5 -w 2s -i 5 -r 2s -prof gc \
  'OperationBenchmark.(observedAspectWithKeyValueExpression|observedWithStarterExtrasAndKeyValueExpression|observedAspectWithMeterAndTracingHandlers|observedWithStarterExtras|timedAspect)$' \
  > "$OUTDIR/jmh-operation-forks.txt" 2>&1
date -u +"jmh done %FT%TZ" | tee -a "$OUTDIR/times.txt"
MODE=steady ROUNDS=${ROUNDS:-3} WINDOW=${WINDOW:-30} VARIANTS="a b c d" SKIP_BUILD=1 \
  NOTE="session 7 quiet run" benchmarks/load/run.sh > "$OUTDIR/steady.txt" 2>&1
date -u +"steady done %FT%TZ" | tee -a "$OUTDIR/times.txt"
uptime >> "$OUTDIR/times.txt"
