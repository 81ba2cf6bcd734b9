#!/usr/bin/env bash
# Start-up to "Started ..." of the load app, pinned to CPU 1 like the load benchmark, per configuration.
cd /work/main/benchmarks/load
run() { # label jar args...
	local label=$1 jar=$2; shift 2
	local out; out=$(mktemp)
	taskset -c 1 java -Xms256m -Xmx256m -XX:+UseSerialGC -jar "$jar" --server.port=0 \
		--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces "$@" >"$out" 2>&1 &
	local pid=$!
	for _ in $(seq 1 120); do grep -q "Started " "$out" && break; sleep 0.5; done
	local line; line=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds (process running for [0-9.]*)' "$out" | head -1)
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	printf '%-28s %s\n' "$label" "$line"
	rm -f "$out"
}
for rep in 1 2; do
	run b boot/target/load-benchmark-boot.jar
	run c starter/target/load-benchmark-starter.jar
	run c-all-off starter/target/load-benchmark-starter.jar --observability.enabled=false
	for f in web operations health tracing logging metrics masking profiling; do
		run "c-$f-off" starter/target/load-benchmark-starter.jar --observability.$f.enabled=false
	done
done
