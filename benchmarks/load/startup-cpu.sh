#!/usr/bin/env bash
# Process CPU (user + system, all threads, from /proc/<pid>/stat; split into the main thread, the
# JIT compiler threads and the rest), classes loaded (jstat -class) and methods JIT-compiled
# (jstat -compiler) when the load app logs "Started ...", pinned to one CPU like the load benchmark. CPU time, not
# wall time, so that a shared machine disturbs the figure less.
#
#     benchmarks/load/startup-cpu.sh ROUNDS label=jar[:args] ...
#
# e.g. startup-cpu.sh 5 b=boot/target/load-benchmark-boot.jar c=starter/target/load-benchmark-starter.jar
# Runs the variants interleaved, ROUNDS times, and prints one line per run, then per variant the
# median and range of the CPU seconds. JAVA_OPTS adds JVM options (e.g. an -agentpath).
set -euo pipefail
rounds=$1; shift
hz=$(getconf CLK_TCK)
declare -A cpus mains
run() { # label jar args...
	local label=$1 jar=$2; shift 2
	local out; out=$(mktemp)
	# shellcheck disable=SC2086
	taskset -c "${CPU:-1}" java ${JAVA_OPTS:-} -Xms256m -Xmx256m -XX:+UseSerialGC -jar "$jar" --server.port=0 \
		--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces "$@" >"$out" 2>&1 &
	local pid=$!
	for _ in $(seq 1 3000); do grep -q "Started " "$out" && break; sleep 0.02; done
	local ticks; ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
	# Per thread: the main thread ("java", not the launcher's), the JIT compilers, the rest
	local split; split=$(for t in /proc/"$pid"/task/*; do
		[[ ${t##*/} == "$pid" ]] && continue
		printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)"
	done | awk -F'\t' -v hz="$hz" '$1 == "java" {m += $2; next} $1 ~ /^C[12] Compiler/ {j += $2; next} {o += $2}
		END {printf "main %5.2f  jit %5.2f  other %5.2f", m / hz, j / hz, o / hz}')
	local classes; classes=$(jstat -class "$pid" | awk 'NR==2 {print $1}')
	local compiled; compiled=$(jstat -compiler "$pid" | awk 'NR==2 {print $1}')
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
	local cpu; cpu=$(awk -v t="$ticks" -v hz="$hz" 'BEGIN {printf "%.2f", t / hz}')
	printf "%-12s cpu %6s s  %s  classes %6s  jit-compiled %6s  %s\n" "$label" "$cpu" "$split" "$classes" "$compiled" "$(grep -o "Started [A-Za-z]* in [0-9.]* seconds (process running for [0-9.]*)" "$out" | head -1)"
	cpus[$label]="${cpus[$label]:-} $cpu"
	mains[$label]="${mains[$label]:-} $(awk '{print $2}' <<<"$split")"
	rm -f "$out"
}
for _ in $(seq 1 "$rounds"); do
	for spec in "$@"; do
		label=${spec%%=*}; rest=${spec#*=}; jar=${rest%%:*}; args=()
		[[ $rest == *:* ]] && read -ra args <<<"${rest#*:}"
		run "$label" "$jar" "${args[@]}"
	done
done
summary() { # label what values
	tr ' ' '\n' <<<"$3" | grep . | sort -n | awk -v l="$1" -v w="$2" '{a[NR]=$1} END {
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		printf "%-12s %-8s median %.2f s  range %.2f-%.2f s  (%d runs)\n", l, w, m, a[1], a[NR], NR }'
}
for spec in "$@"; do
	label=${spec%%=*}
	summary "$label" process "${cpus[$label]}"
	summary "$label" main "${mains[$label]}"
done
