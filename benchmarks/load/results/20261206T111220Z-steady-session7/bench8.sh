#!/usr/bin/env bash
# Session 7 quiet-window batch 2: each feature's switch off against the starter at its defaults, same run.
set -uo pipefail
cd /work/main
OUTDIR=${OUTDIR:-/work/wt/bench8-out}
mkdir -p "$OUTDIR"
date -u +"start %FT%TZ" | tee "$OUTDIR/times.txt"
MODE=steady ROUNDS=${ROUNDS:-2} WINDOW=${WINDOW:-20} RATE_FAST=${RATE_FAST:-1000} VARIANTS="a b c d e f g h i" SKIP_BUILD=1 \
  ARGS_e=--observability.masking.enabled=false \
  ARGS_f=--observability.profiling.enabled=false \
  ARGS_g=--observability.web.request-id.enabled=false \
  ARGS_h=--observability.web.timing.enabled=false \
  ARGS_i=--observability.operations.enabled=false \
  NOTE="session 7 per-feature run" benchmarks/load/run.sh > "$OUTDIR/steady.txt" 2>&1
date -u +"steady done %FT%TZ" | tee -a "$OUTDIR/times.txt"
uptime >> "$OUTDIR/times.txt"
