#!/usr/bin/env bash
# Session 6 quiet-window batch: JMH OperationBenchmark (long warm-up), steady a b c d e f, saturation b c.
set -uo pipefail
cd /work/main
OUTDIR=${OUTDIR:-/work/wt/bench-out}
mkdir -p "$OUTDIR"
date -u +"start %FT%TZ" | tee "$OUTDIR/times.txt"
uptime >> "$OUTDIR/times.txt"
java -jar benchmarks/target/benchmarks.jar -f 1 -wi 20 -w 2s -i 5 -r 2s -prof gc \
  'OperationBenchmark.(handWritten|observed|timedAspect)' > "$OUTDIR/jmh-operation.txt" 2>&1
date -u +"jmh done %FT%TZ" | tee -a "$OUTDIR/times.txt"
MODE=steady ROUNDS=${ROUNDS:-3} WINDOW=${WINDOW:-30} WARMUP_MIN=20 WARMUP_MAX=${WARMUP_MAX:-120} \
  VARIANTS="a b c d e f" \
  ARGS_e=--logging.level.io.observability.spring.web.access=info \
  ARGS_f=--observability.profiling.enabled=false \
  SKIP_BUILD=1 NOTE="session 6 quiet run" benchmarks/load/run.sh > "$OUTDIR/steady.txt" 2>&1
date -u +"steady done %FT%TZ" | tee -a "$OUTDIR/times.txt"
MODE=saturation ROUNDS=2 VARIANTS="b c" SKIP_BUILD=1 NOTE="session 6 saturation b c" \
  benchmarks/load/run.sh > "$OUTDIR/saturation.txt" 2>&1
date -u +"saturation done %FT%TZ" | tee -a "$OUTDIR/times.txt"
uptime >> "$OUTDIR/times.txt"
MODE=steady PROFILE=async ROUNDS=1 WINDOW=20 WARMUP_MIN=20 WARMUP_MAX=120 VARIANTS="b c" SKIP_BUILD=1 \
  NOTE="session 6 profile b c" benchmarks/load/run.sh > "$OUTDIR/profile.txt" 2>&1
date -u +"profile done %FT%TZ" | tee -a "$OUTDIR/times.txt"
