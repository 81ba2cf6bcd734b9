#!/usr/bin/env bash
cd /work/main
while [ ! -f /work/res/chain3.done ]; do sleep 10; done
NOTE="session 8, final code, (a)-(d) only" MODE=steady ROUNDS=3 WINDOW=20 RATE_FAST=1000 VARIANTS="a b c d" benchmarks/load/run.sh > /work/res/steady4-s8.log 2>&1
echo done > /work/res/chain4.done
