#!/usr/bin/env bash
cd /work/main
BENCHMARKS=timedBootAndObservedStarter benchmarks/operation-pairs.sh 3 /work/res/oppairs-timed > /work/res/oppairs-timed.log 2>&1
NOTE="session 8, final code" MODE=steady ROUNDS=2 WINDOW=20 RATE_FAST=1000 VARIANTS="a b c d e f g h i" \
  ARGS_e=--observability.masking.enabled=false \
  ARGS_f=--observability.profiling.enabled=false \
  ARGS_g=--observability.web.request-id.enabled=false \
  ARGS_h=--observability.web.timing.enabled=false \
  ARGS_i=--observability.operations.enabled=false \
  benchmarks/load/run.sh > /work/res/steady-s8.log 2>&1
MODE=saturation ROUNDS=2 VARIANTS="b c" benchmarks/load/run.sh > /work/res/sat-s8.log 2>&1
echo done > /work/res/chain2.done
