#!/usr/bin/env bash
#
# Load benchmark: the same small web application in four variants, side by side.
#
#   (a) plain     spring-boot-starter-webmvc only
#   (b) boot      Spring Boot's own observability wired by hand: actuator, Prometheus,
#                 OpenTelemetry bridge + OTLP exporter, logstash JSON logs, sampling 1.0
#   (c) starter   observability-spring-boot-starter, every feature on
#   (d) agent     (a) with the OpenTelemetry Java agent
#
# Usage, from anywhere in the repository:
#
#   benchmarks/load/run.sh              # full run: 3 interleaved rounds, about 14 minutes
#   QUICK=1 benchmarks/load/run.sh      # smoke run: 1 round, short phases, about 3 minutes
#   MODE=steady benchmarks/load/run.sh  # steady state at a fixed rate, see "Steady state" below
#
# The default mode (MODE=saturation) is the "cold, small pod" figure:
# It builds what it needs (Maven profile load-benchmarks), installs wrk if it is missing,
# then for each round starts each variant in turn (a b c d), pinned to APP_CPUS, warms it
# up on both endpoints at once, drives it with wrk pinned to LOAD_CPUS, and stops it.
# Per variant and endpoint it measures:
#   - requests/s at saturation (SAT_CONNECTIONS connections, DURATION seconds)
#   - CPU time and allocated bytes per request during that saturation window, the CPU
#     time split by thread: request threads, JIT compiler, GC, trace export, other
#   - mean and p99 latency at fixed low concurrency (LAT_CONNECTIONS, LATENCY_DURATION s)
# and per variant: time from launch to the first 200, CPU used by then, live threads and
# RSS after the load. All variants export traces to the same local OTLP sink (OtlpSink.java),
# which counts the spans it receives so that the summary can show each variant's coverage.
# Results: a markdown summary on stdout and in $OUT/summary.md, raw figures in $OUT/raw.tsv.
#
# Settings (environment variables, defaults in brackets):
#   QUICK [0]  ROUNDS [3, quick 1]  WARMUP [25, quick 5]  DURATION [8, quick 4]
#   LATENCY_DURATION [5, quick 3]  SAT_CONNECTIONS [32]  LAT_CONNECTIONS [1]
#   APP_CPUS [1]  LOAD_CPUS [0]  VARIANTS ["a b c d"]  STARTUP_TIMEOUT [180]
#   JVM_OPTS ["-Xms256m -Xmx256m -XX:+UseSerialGC"]  SKIP_BUILD [0]  KEEP_WORK [0]
#   OUT [benchmarks/load/results/<UTC time>[-quick]]  NOTE [free text for the summary]
#   ARGS_a ... ARGS_i [extra application arguments for one variant]. Variants (e) to (i)
#   are (c) again, each with its own ARGS_x (and JAR_x), so that the cost of several
#   features is measured in one interleaved run, for example
#   VARIANTS="a c e f g" ARGS_e=--observability.web.access-log.enabled=false \
#   ARGS_f=--observability.masking.enabled=false ARGS_g=--management.tracing.sampling.probability=0.1
#   JAR_e ... JAR_i [a starter variant jar to run as that variant instead of this build's,
#   for a before/after of a code change: build the "before" commit, copy its
#   benchmarks/load/starter/target/load-benchmark-starter.jar aside and pass its path]
#   JFR [0; 1 records each saturation window with JFR (settings=profile) and writes
#   profile-<endpoint>.txt beside it (JfrSummary.java); profiling perturbs the figures]
#   PROFILE [none; async samples each saturation window's CPU with async-profiler (from
#   Maven Central, attached with jcmd) and writes cpu-<endpoint>.collapsed (folded stacks,
#   native and kernel frames included), cpu-<endpoint>.html (a flame graph) and
#   cpu-<endpoint>.txt (µs per request by kind of thread and by part, CpuProfileSummary.java);
#   alloc samples allocations (every 16 KB) the same way and writes alloc-<endpoint>.*,
#   counted in bytes]
#
# Steady state (MODE=steady): every variant at a fixed rate well below saturation, where
# the JIT compiler finishes and CPU per request is a property of the code, not of which
# methods got compiled first. Per variant and round: start-up as above; a warm-up at the
# fixed rates on both endpoints at once, in slices of WARMUP_SLICE seconds, that ends once
# `jcmd <pid> Compiler.queue` is empty after a slice in which the JIT compiler threads used
# at most JIT_QUIET % of the process's CPU (at least WARMUP_MIN, at most WARMUP_MAX
# seconds); then per endpoint one window of WINDOW seconds at RATE_FAST or
# RATE_WORK requests/s over CONNECTIONS connections (wrk with rate.lua), over which: CPU per
# request of the whole process and of the request threads (Tomcat's http-nio-*-exec-*,
# named from jcmd Thread.print), allocation per request, p50/p99/mean latency, and the
# achieved rate. Rounds interleave the variants; Report.java gives ratios to (a) within
# each round as median [min–max] over rounds, and (a)'s own spread (±% of its median).
#   ROUNDS [3, quick 1]  RATE_FAST [400]  RATE_WORK [100]  CONNECTIONS [4]  WINDOW [30, quick 5]
#   WARMUP_MIN [20, quick 10]  WARMUP_MAX [150, quick 40]  WARMUP_SLICE [5]  JIT_QUIET [5]
#   WARMUP_BURST [30, quick 5]: seconds of unthrottled load on both endpoints (CONNECTIONS each)
#   before the rated slices, so that the JIT compiler reaches the hot paths early
# (APP_CPUS, LOAD_CPUS, VARIANTS, JVM_OPTS, ARGS_*, JAR_*, PROFILE as above.)
#
set -euo pipefail

LOAD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$LOAD_DIR/../.." && pwd)

QUICK=${QUICK:-0}
MODE=${MODE:-saturation}
[[ $MODE == saturation || $MODE == steady ]] || { echo "MODE must be saturation or steady" >&2; exit 1; }
if [[ $MODE == steady ]]; then
	if [[ $QUICK == 1 ]]; then
		ROUNDS=${ROUNDS:-1} WINDOW=${WINDOW:-5} WARMUP_MIN=${WARMUP_MIN:-10} WARMUP_MAX=${WARMUP_MAX:-40}
		WARMUP_BURST=${WARMUP_BURST:-5}
	else
		# 30 s windows: 12,000 requests on /fast, 3,000 on /work, so that CPU time (counted
		# in 10 ms ticks), a collection more or less and the periodic threads move a figure
		# by well under 1 %; what remains is the difference between two JVMs (what the JIT
		# compiler inlined), which only more rounds average out
		ROUNDS=${ROUNDS:-3} WINDOW=${WINDOW:-30} WARMUP_MIN=${WARMUP_MIN:-20} WARMUP_MAX=${WARMUP_MAX:-150}
		WARMUP_BURST=${WARMUP_BURST:-30}
	fi
	WARMUP_SLICE=${WARMUP_SLICE:-5} JIT_QUIET=${JIT_QUIET:-5} WARMUP_BURST=${WARMUP_BURST:-0}
	RATE_FAST=${RATE_FAST:-400} RATE_WORK=${RATE_WORK:-100} CONNECTIONS=${CONNECTIONS:-4}
	WARMUP=0 DURATION=0 LATENCY_DURATION=0
elif [[ $QUICK == 1 ]]; then
	ROUNDS=${ROUNDS:-1} WARMUP=${WARMUP:-5} DURATION=${DURATION:-4} LATENCY_DURATION=${LATENCY_DURATION:-3}
else
	# A single CPU leaves the JIT compiler little room: after 6 s of load, plain Boot
	# served a fifth of what it serves once C2 is done, and the larger variants were still
	# compiling after 40 s (see docs/benchmarks.md)
	ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-25} DURATION=${DURATION:-8} LATENCY_DURATION=${LATENCY_DURATION:-5}
fi
SAT_CONNECTIONS=${SAT_CONNECTIONS:-32}
LAT_CONNECTIONS=${LAT_CONNECTIONS:-1}
APP_CPUS=${APP_CPUS:-1}
LOAD_CPUS=${LOAD_CPUS:-0}
VARIANTS=${VARIANTS:-"a b c d"}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-180}
JVM_OPTS=${JVM_OPTS:-"-Xms256m -Xmx256m -XX:+UseSerialGC"}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_WORK=${KEEP_WORK:-0}
NOTE=${NOTE:-}
JFR=${JFR:-0}
PROFILE=${PROFILE:-none}
ASYNC_PROFILER_VERSION=4.1
# Variants that run this starter again, each with its own ARGS_x and JAR_x
STARTER_VARIANTS="e f g h i"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$LOAD_DIR/results/$STAMP$([[ $MODE == steady ]] && echo -steady || true)$([[ $QUICK == 1 ]] && echo -quick || true)}

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- Tools -----------------------------------------------------------------------------

install_packages() {
	local sudo=()
	if [[ $(id -u) != 0 ]]; then
		command -v sudo >/dev/null || die "missing $*; install them (Debian: apt-get install -y $*)"
		sudo=(sudo)
	fi
	log "Installing $* with apt-get"
	"${sudo[@]}" apt-get install -y -q "$@" >/dev/null \
		|| { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" apt-get install -y -q "$@" >/dev/null; } \
		|| die "could not install $*"
}

command -v java >/dev/null || die "java (17+) is required"
JDK_BIN=$(dirname "$(readlink -f "$(command -v java)")")
JSTAT=$JDK_BIN/jstat JCMD=$JDK_BIN/jcmd
[[ -x $JSTAT ]] || JSTAT=$(command -v jstat) || die "jstat (part of the JDK) is required"
[[ -x $JCMD ]] || JCMD=$(command -v jcmd) || JCMD=
command -v mvn >/dev/null || [[ $SKIP_BUILD == 1 ]] || die "mvn is required"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v taskset >/dev/null || missing+=(util-linux)
command -v curl >/dev/null || missing+=(curl)
[[ $JFR != 1 || -n $JCMD ]] || die "JFR=1 needs jcmd (part of the JDK)"
[[ $PROFILE == none || $PROFILE == async || $PROFILE == alloc ]] || die "PROFILE must be none, async or alloc"
[[ $PROFILE == none || -n $JCMD ]] || die "PROFILE=$PROFILE needs jcmd (part of the JDK)"
[[ $MODE != steady || -n $JCMD ]] || die "MODE=steady needs jcmd (part of the JDK)"
for v in $VARIANTS; do
	[[ $v == [abcd] || " $STARTER_VARIANTS " == *" $v "* ]] || die "unknown variant ($v) in VARIANTS: use a b c d and e to i"
	jar_name=JAR_$v
	[[ -z ${!jar_name:-} || -f ${!jar_name} ]] || die "$jar_name=${!jar_name} is not a file"
done
((${#missing[@]} == 0)) || install_packages "${missing[@]}"

cpu_count() { # number of CPUs in a taskset list such as 0,2-3
	local n=0 part
	for part in ${1//,/ }; do
		if [[ $part == *-* ]]; then n=$((n + ${part#*-} - ${part%-*} + 1)); else n=$((n + 1)); fi
	done
	echo "$n"
}
APP_CPU_COUNT=$(cpu_count "$APP_CPUS")
WRK_THREADS=$(cpu_count "$LOAD_CPUS")
taskset -c "$APP_CPUS" true 2>/dev/null || die "APP_CPUS=$APP_CPUS is not a valid CPU list here (nproc: $(nproc))"
taskset -c "$LOAD_CPUS" true 2>/dev/null || die "LOAD_CPUS=$LOAD_CPUS is not a valid CPU list here (nproc: $(nproc))"
HZ=$(getconf CLK_TCK)
NPROC=$(nproc)

# --- Build -----------------------------------------------------------------------------

if [[ $SKIP_BUILD != 1 ]]; then
	log "Building the variants (mvn -P load-benchmarks package)"
	(cd "$ROOT" && mvn -q -P load-benchmarks -DskipTests \
		-pl benchmarks/load/plain,benchmarks/load/boot,benchmarks/load/starter,benchmarks/load/agent -am package) \
		|| die "build failed"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/loadbench.XXXXXX")
APP_PID= SINK_PID=
cleanup() {
	[[ -n $APP_PID ]] && kill -KILL "$APP_PID" 2>/dev/null || true
	[[ -n $SINK_PID ]] && kill "$SINK_PID" 2>/dev/null || true
	[[ $KEEP_WORK == 1 ]] && log "Work files kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Never run a jar that a rebuild could replace
for jar in plain/target/load-benchmark-plain.jar boot/target/load-benchmark-boot.jar \
	starter/target/load-benchmark-starter.jar agent/target/opentelemetry-javaagent.jar; do
	[[ -f $LOAD_DIR/$jar ]] || die "$jar is missing; run without SKIP_BUILD"
	cp "$LOAD_DIR/$jar" "$WORK/"
done
for v in $STARTER_VARIANTS; do
	jar_name=JAR_$v
	[[ -z ${!jar_name:-} ]] || cp "${!jar_name}" "$WORK/load-benchmark-$v.jar"
done
ASYNC_PROFILER=
if [[ $PROFILE != none ]]; then
	(cd "$ROOT" && mvn -q dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION" \
		-DoutputDirectory="$WORK") || die "could not fetch async-profiler from Maven Central"
	unzip -q -o "$WORK/async-profiler-$ASYNC_PROFILER_VERSION.jar" "linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')/*" -d "$WORK/async-profiler" \
		|| die "no async-profiler library for $(uname -m)"
	ASYNC_PROFILER=$(find "$WORK/async-profiler" -name libasyncProfiler.so | head -1)
fi
# async-profiler's event, the prefix of its output files and what the folded stacks count:
# CPU samples every millisecond, or allocations sampled every 16 KB (the default, 512 KB,
# leaves a few dozen samples in a window) counted as the sampled objects' bytes ("total"):
# shares, not totals, which the heap figures give
PROFILER_EVENT="event=cpu,interval=1ms" PROFILER_PREFIX=cpu PROFILER_COUNT=
[[ $PROFILE != alloc ]] || PROFILER_EVENT="event=alloc,alloc=16k" PROFILER_PREFIX=alloc PROFILER_COUNT=",total"
AGENT_VERSION=$(sed -n 's:.*<opentelemetry-javaagent.version>\(.*\)</opentelemetry-javaagent.version>.*:\1:p' "$LOAD_DIR/pom.xml")

mkdir -p "$OUT/raw"
RAW=$OUT/raw.tsv
printf 'round\tvariant\tmetric\tvalue\n' >"$RAW"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RAW"; }

# Everything from here on (curl, wrk, the sink) runs on the load CPUs; only the
# application runs on APP_CPUS.
taskset -cp "$LOAD_CPUS" $$ >/dev/null

# --- OTLP sink -------------------------------------------------------------------------

java -Xmx128m -XX:+UseSerialGC "$LOAD_DIR/OtlpSink.java" "$WORK/sink.port" >"$WORK/sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 100); do [[ -f $WORK/sink.port ]] && break; sleep 0.1; done
[[ -f $WORK/sink.port ]] || die "the OTLP sink did not start: $(cat "$WORK/sink.log")"
SINK=http://127.0.0.1:$(cat "$WORK/sink.port")

# --- Helpers ---------------------------------------------------------------------------

free_port() {
	local port
	while :; do
		# Below the kernel's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range,
		# 32768 and up by default), where wrk's own connections take their ports
		port=$((10000 + RANDOM % 20000))
		# Nothing answers: free
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
	done
}

cpu_ticks() { # user + system time of a process, all threads, in clock ticks
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

thread_ticks() { # pid [names [per-thread-out]]: "<group> <ticks>" per kind of thread of a process
	# Names from the file "names" ("<tid>\t<Java thread name>", see thread_names), else from
	# the kernel's comm, cut to 15 characters ("http-nio-8080-" for Tomcat's request, poller
	# and acceptor threads alike). One awk reads every thread, so all are read at one moment.
	awk -v names="${2:-/dev/null}" '
		BEGIN { while ((getline line < names) > 0) { split(line, f, "\t"); known[f[1]] = f[2] } }
		{
			tid = FILENAME; sub(/\/stat$/, "", tid); sub(/^.*\//, "", tid)
			name = known[tid]
			if (name == "") { name = $0; sub(/^[^(]*\(/, "", name); sub(/\) [^)]*$/, "", name) }
			rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " ")
			printf "%s\t%s\t%d\n", tid, name, f[12] + f[13]
		}' /proc/"$1"/task/*/stat 2>/dev/null | tee "${3:-/dev/null}" | cut -f2- | awk -F'\t' '
		{ g = "other" }
		$1 ~ /^http-nio-/ { g = "requests" }
		$1 ~ /^http-nio-.*-(Poller|Acceptor)/ { g = "io" }
		$1 ~ /^C[12] CompilerThre/ { g = "jit" }
		$1 ~ /^(VM Thread|GC Thread|G1 |VM Periodic)/ { g = "gc" }
		$1 ~ /^(BatchSpanProces|BatchLogRecordP|okhttp|OkHttp|Okio|jdkhttp|HttpClient-)/ { g = "export" }
		{ t[g] += $2 }
		END { for (g in t) print g, t[g] }'
}

cpu_stat() { # "<busy> <steal>" clock ticks of the CPUs in a taskset list, from /proc/stat
	local cpus=() part i
	for part in ${1//,/ }; do
		if [[ $part == *-* ]]; then for ((i = ${part%-*}; i <= ${part#*-}; i++)); do cpus+=("$i"); done; else cpus+=("$part"); fi
	done
	awk -v list=" ${cpus[*]} " '$1 ~ /^cpu[0-9]+$/ && index(list, " " substr($1, 4) " ") {
		busy += $2 + $3 + $4 + $7 + $8; steal += $9 } END { print busy, steal }' /proc/stat
}

now_ms() { date +%s%3N; }

thread_names() { # pid: "<tid>\t<name>" of every thread jcmd Thread.print lists (Java and JVM threads)
	"$JCMD" "$1" Thread.print 2>/dev/null | sed -n 's/^"\(.*\)" .*nid=\(0x[0-9a-f]*\).*/\2\t\1/p' \
		| while IFS=$'\t' read -r nid name; do printf '%d\t%s\n' "$nid" "$name"; done
}

compile_queue() { # pid: methods waiting in the JIT compiler's queues, or -1 if jcmd cannot tell
	"$JCMD" "$1" Compiler.queue 2>/dev/null | awk '
		/^Current compiles:/ { section = "current"; found = 1; next }
		/compile queue:/ { section = "queue"; found = 1; next }
		section == "queue" && $1 ~ /^[0-9]+$/ { n++ }
		END { print found ? n + 0 : -1 }'
}

profiler_start() { # dir endpoint
	"$JCMD" "$APP_PID" JVMTI.agent_load "$ASYNC_PROFILER" "\"start,$PROFILER_EVENT,file=$1/$PROFILER_PREFIX-$2.html\"" >/dev/null
}

profiler_stop() { # dir endpoint
	"$JCMD" "$APP_PID" JVMTI.agent_load "$ASYNC_PROFILER" "\"stop,file=$1/$PROFILER_PREFIX-$2.collapsed,collapsed$PROFILER_COUNT\"" >/dev/null
	"$JCMD" "$APP_PID" JVMTI.agent_load "$ASYNC_PROFILER" "\"dump,file=$1/$PROFILER_PREFIX-$2.html\"" >/dev/null || true
}

wrk_field() { sed -n "s/^WRK.* $2=\([^ ]*\).*/\1/p" "$1"; }

heap_snapshot() { # "<heap used, KB> <collections so far>" from the JVM's performance counters
	"$JSTAT" -gc "$1" 2>/dev/null | awk '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		NR == 2 { printf "%.0f %d\n", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"], $col["YGC"] + $col["FGC"] }'
}

# KB freed by the collections numbered [n0, n1) in the GC log ("Heap before GC
# invocations=n" ... "Heap after GC"): heap used before each minus used after it.
gc_freed_kb() { # gc-log n0 n1
	awk -v n0="$2" -v n1="$3" '
		/Heap before GC invocations=/ { match($0, /invocations=[0-9]+/); n = substr($0, RSTART + 12, RLENGTH - 12) + 0; mode = "before"; next }
		/Heap after GC invocations=/ { mode = "after"; next }
		/total [0-9]+K, used [0-9]+K/ && n >= n0 && n < n1 {
			match($0, /used [0-9]+K/)
			used = substr($0, RSTART + 5, RLENGTH - 6) + 0
			if (mode == "before") freed += used; else if (mode == "after") freed -= used
		}
		END { printf "%.0f\n", freed }' "$1"
}

run_wrk() { # out-file connections seconds url
	local threads=$WRK_THREADS
	((threads > $2)) && threads=$2
	timeout $(($3 + 60)) wrk -t"$threads" -c"$2" -d"$3"s --timeout 10s -s "$LOAD_DIR/report.lua" "$4" >"$1" 2>&1 \
		|| { log "wrk failed: $(tail -3 "$1")"; return 1; }
	grep -q '^WRK ' "$1" || { log "wrk printed no summary: $(tail -3 "$1")"; return 1; }
}

run_wrk_rate() { # out-file connections seconds url requests/s: at a fixed rate (rate.lua)
	timeout $(($3 + 60)) wrk -t1 -c"$2" -d"$3"s --timeout 10s -s "$LOAD_DIR/rate.lua" "$4" -- "$5" >"$1" 2>&1 \
		|| { log "wrk failed: $(tail -3 "$1")"; return 1; }
	grep -q '^WRK ' "$1" || { log "wrk printed no summary: $(tail -3 "$1")"; return 1; }
}

stop_app() {
	[[ -n $APP_PID ]] || return 0
	kill -TERM "$APP_PID" 2>/dev/null || true
	for _ in $(seq 300); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$APP_PID" 2>/dev/null || true
	wait "$APP_PID" 2>/dev/null || true
	APP_PID=
}

variant_label() {
	case $1 in
		a) echo "plain Boot" ;; b) echo "Boot, wired by hand" ;; c) echo "this starter" ;; d) echo "OTel Java agent" ;;
		[e-i]) echo "this starter with ARGS_$1 / JAR_$1" ;; *) echo "unknown" ;;
	esac
}

# CPU per request over a window, whole process and by kind of thread, and the interference
# on the app's CPUs: time the hypervisor took from them (steal), time they ran anything but
# the app (foreign), the app's own share
record_window() { # round variant endpoint requests work-dir "c0 c1 t0 t1 busy0 steal0 busy1 steal1"
	local round=$1 v=$2 ep=$3 reqs=$4 work=$5 c0 c1 t0 t1 b0 st0 b1 st1 g
	read -r c0 c1 t0 t1 b0 st0 b1 st1 <<<"$6"
	record "$round" "$v" "${ep}_cpu_us_per_req" "$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v r="$reqs" 'BEGIN { printf "%.1f", c / hz * 1e6 / r }')"
	for g in requests io jit gc export other; do
		record "$round" "$v" "${ep}_cpu_us_${g}" "$(awk -v g="$g" -v hz="$HZ" -v r="$reqs" '
			NR == FNR { if ($1 == g) before = $2; next } $1 == g { after = $2 }
			END { printf "%.1f", (after - before) / hz * 1e6 / r }' "$work/threads-before-$ep" "$work/threads-after-$ep")"
	done
	record "$round" "$v" "${ep}_steal" "$(awk -v s=$((st1 - st0)) -v hz="$HZ" -v ms=$((t1 - t0)) -v n="$APP_CPU_COUNT" 'BEGIN { printf "%.3f", s / hz / (ms / 1000) / n }')"
	record "$round" "$v" "${ep}_foreign_cpu" "$(awk -v b=$((b1 - b0 - (c1 - c0))) -v hz="$HZ" -v ms=$((t1 - t0)) -v n="$APP_CPU_COUNT" 'BEGIN { f = b / hz / (ms / 1000) / n; printf "%.3f", (f < 0) ? 0 : f }')"
	record "$round" "$v" "${ep}_app_cpu_util" "$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v ms=$((t1 - t0)) -v n="$APP_CPU_COUNT" 'BEGIN { printf "%.3f", c / hz / (ms / 1000) / n }')"
}

# --- Steady state: fixed rates after the JIT compiler is done ---------------------------

# CPU per request of each thread of the window, grouped by name without its number
per_thread_cpu() { # before after requests
	awk -F'\t' -v hz="$HZ" -v r="$3" '
		NR == FNR { before[$1] = $3; next }
		{ name = $2; sub(/[0-9]+$/, "#", name); t[name] += $3 - before[$1]; n[name]++ }
		END { for (name in t) printf "%9.1f  %s (%d)\n", t[name] / hz * 1e6 / r, name, n[name] }' "$1" "$2" | sort -rn
}

steady_phase() { # round variant dir work base-url; adds to the caller's requests=(fast work)
	local round=$1 v=$2 dir=$3 work=$4 base=$5
	local eps=(fast work) urls=("$5/fast" "$5/work?order=order-42") rates=("$RATE_FAST" "$RATE_WORK")
	local start elapsed=0 slice=0 queue=-1 ok i pid_fast jit0 jit1 cpu0 cpu1 jit_share=100
	# Warm-up: both endpoints at their rates at once, until the compiler is done: nothing
	# queued after a slice, and the compiler threads used at most JIT_QUIET % of the
	# process's CPU during it (the queue alone empties between two waves of compilations)
	start=$(now_ms)
	if ((WARMUP_BURST > 0)); then
		# Unthrottled first, so that the hot paths reach C2 within seconds, not after the
		# thousands of calls a fixed rate takes; the rated slices then settle the profile
		run_wrk "$work/warmup-burst-fast.txt" "$CONNECTIONS" "$WARMUP_BURST" "${urls[0]}" &
		pid_fast=$!
		run_wrk "$work/warmup-burst-work.txt" "$CONNECTIONS" "$WARMUP_BURST" "${urls[1]}" || return 1
		wait "$pid_fast" || return 1
		for i in 0 1; do
			requests[i]=$((requests[i] + $(wrk_field "$work/warmup-burst-${eps[i]}.txt" requests)))
		done
		echo "unthrottled for ${WARMUP_BURST}s first: $(wrk_field "$work/warmup-burst-fast.txt" requests) + $(wrk_field "$work/warmup-burst-work.txt" requests) requests" \
			>>"$dir/warmup-jit.txt"
	fi
	while :; do
		slice=$((slice + 1)) ok=1
		jit0=$(thread_ticks "$APP_PID" | awk '$1 == "jit" { print $2 }') cpu0=$(cpu_ticks "$APP_PID")
		run_wrk_rate "$work/warmup-fast-$slice.txt" "$CONNECTIONS" "$WARMUP_SLICE" "${urls[0]}" "$RATE_FAST" &
		pid_fast=$!
		run_wrk_rate "$work/warmup-work-$slice.txt" "$CONNECTIONS" "$WARMUP_SLICE" "${urls[1]}" "$RATE_WORK" || ok=0
		wait "$pid_fast" || ok=0
		((ok == 1)) || return 1
		for i in 0 1; do
			requests[i]=$((requests[i] + $(wrk_field "$work/warmup-${eps[i]}-$slice.txt" requests)))
		done
		jit1=$(thread_ticks "$APP_PID" | awk '$1 == "jit" { print $2 }') cpu1=$(cpu_ticks "$APP_PID")
		jit_share=$(awk -v j=$((${jit1:-0} - ${jit0:-0})) -v c=$((cpu1 - cpu0)) 'BEGIN { printf "%.0f", (c > 0) ? 100 * j / c : 100 }')
		elapsed=$((($(now_ms) - start) / 1000))
		queue=$(compile_queue "$APP_PID")
		echo "${elapsed}s: $queue method(s) queued for the JIT compiler, which used $jit_share % of the process's CPU in the last ${WARMUP_SLICE}s" \
			>>"$dir/warmup-jit.txt"
		((elapsed >= WARMUP_MIN && queue == 0 && jit_share <= JIT_QUIET)) && break
		if ((elapsed >= WARMUP_MAX)); then
			log "($v) warm-up stopped at WARMUP_MAX=${WARMUP_MAX}s: $queue method(s) queued, the JIT compiler at $jit_share % of the CPU"
			break
		fi
	done
	record "$round" "$v" warmup_s "$elapsed"
	record "$round" "$v" warmup_compile_queue "$queue"
	record "$round" "$v" warmup_jit_percent "$jit_share"

	local ep url rate t0 t1 c0 c1 s0 s1 h0 n0 h1 n1 reqs dur rps
	for i in 0 1; do
		ep=${eps[i]} url=${urls[i]} rate=${rates[i]}
		thread_names "$APP_PID" >"$work/names-$ep"
		h0= n0= h1= n1=
		read -r h0 n0 < <(heap_snapshot "$APP_PID") || true
		[[ $JFR == 1 ]] && "$JCMD" "$APP_PID" JFR.start name="$ep" settings=profile filename="$dir/$ep.jfr" >/dev/null
		[[ -z $ASYNC_PROFILER ]] || profiler_start "$dir" "$ep"
		thread_ticks "$APP_PID" "$work/names-$ep" "$work/tasks-before-$ep" >"$work/threads-before-$ep"
		s0=$(cpu_stat "$APP_CPUS")
		c0=$(cpu_ticks "$APP_PID") t0=$(now_ms)
		run_wrk_rate "$dir/wrk-steady-$ep.txt" "$CONNECTIONS" "$WINDOW" "$url" "$rate" || return 1
		c1=$(cpu_ticks "$APP_PID") t1=$(now_ms)
		s1=$(cpu_stat "$APP_CPUS")
		thread_ticks "$APP_PID" "$work/names-$ep" "$work/tasks-after-$ep" >"$work/threads-after-$ep"
		[[ -z $ASYNC_PROFILER ]] || profiler_stop "$dir" "$ep"
		[[ $JFR == 1 ]] && "$JCMD" "$APP_PID" JFR.stop name="$ep" >/dev/null
		read -r h1 n1 < <(heap_snapshot "$APP_PID") || true
		[[ -n $n0 ]] || h1= n1=
		reqs=$(wrk_field "$dir/wrk-steady-$ep.txt" requests)
		kill -0 "$APP_PID" 2>/dev/null && ((reqs > 0)) || { log "($v) died or answered nothing in the $ep window"; return 1; }
		dur=$(wrk_field "$dir/wrk-steady-$ep.txt" duration_us)
		rps=$(awk -v r="$reqs" -v d="$dur" 'BEGIN { printf "%.1f", r / (d / 1e6) }')
		record "$round" "$v" "${ep}_rps" "$rps"
		# Below 0.98 the variant could not keep up: the rate was not below its saturation
		record "$round" "$v" "${ep}_rate_achieved" "$(awk -v r="$rps" -v t="$rate" 'BEGIN { printf "%.3f", r / t }')"
		record_window "$round" "$v" "$ep" "$reqs" "$work" "$c0 $c1 $t0 $t1 $s0 $s1"
		per_thread_cpu "$work/tasks-before-$ep" "$work/tasks-after-$ep" "$reqs" >"$dir/threads-cpu-$ep.txt"
		record "$round" "$v" "${ep}_errors" "$(awk -F'[ =]' '{ for (i = 2; i <= NF; i += 2) if ($i ~ /^errors_/) e += $(i + 1) } END { print e + 0 }' <(grep '^WRK ' "$dir/wrk-steady-$ep.txt"))"
		record "$round" "$v" "${ep}_compile_queue_end" "$(compile_queue "$APP_PID")"
		record "$round" "$v" "${ep}_mean_ms" "$(awk -v u="$(wrk_field "$dir/wrk-steady-$ep.txt" lat_mean_us)" 'BEGIN { printf "%.3f", u / 1000 }')"
		record "$round" "$v" "${ep}_p50_ms" "$(awk -v u="$(wrk_field "$dir/wrk-steady-$ep.txt" lat_p50_us)" 'BEGIN { printf "%.3f", u / 1000 }')"
		record "$round" "$v" "${ep}_p99_ms" "$(awk -v u="$(wrk_field "$dir/wrk-steady-$ep.txt" lat_p99_us)" 'BEGIN { printf "%.3f", u / 1000 }')"
		echo "${h0:-NA} ${n0:-NA} ${h1:-NA} ${n1:-NA} $reqs" >"$work/window-$ep"
		requests[i]=$((requests[i] + reqs))
	done
}

# --- Saturation: as many requests as one CPU serves (the default mode) -----------------

saturation_phase() { # round variant dir work base-url; adds to the caller's requests=(fast work)
	local round=$1 v=$2 dir=$3 work=$4 base=$5
	# Warm-up: both endpoints at once, half the connections each, so that the JIT
	# compiles both code paths before either is measured
	local half=$(((SAT_CONNECTIONS + 1) / 2)) warm_ok=1
	run_wrk "$dir/wrk-warmup-fast.txt" "$half" "$WARMUP" "$base/fast" &
	local warm_fast=$!
	run_wrk "$dir/wrk-warmup-work.txt" "$half" "$WARMUP" "$base/work?order=order-42" || warm_ok=0
	wait "$warm_fast" || warm_ok=0
	((warm_ok == 1)) || return 1

	local ep url i=0 t0 t1 c0 c1 h0 h1 n0 n1 reqs dur rps s0 s1
	for ep in fast work; do
		url=$base/$ep
		[[ $ep == work ]] && url="$base/work?order=order-42"
		h0= n0= h1= n1=
		read -r h0 n0 < <(heap_snapshot "$APP_PID") || true
		[[ $JFR == 1 ]] && "$JCMD" "$APP_PID" JFR.start name="$ep" settings=profile filename="$dir/$ep.jfr" >/dev/null
		[[ -n $ASYNC_PROFILER ]] && profiler_start "$dir" "$ep"
		thread_ticks "$APP_PID" >"$work/threads-before-$ep"
		s0=$(cpu_stat "$APP_CPUS")
		c0=$(cpu_ticks "$APP_PID") t0=$(now_ms)
		run_wrk "$dir/wrk-saturation-$ep.txt" "$SAT_CONNECTIONS" "$DURATION" "$url" || return 1
		c1=$(cpu_ticks "$APP_PID") t1=$(now_ms)
		s1=$(cpu_stat "$APP_CPUS")
		thread_ticks "$APP_PID" >"$work/threads-after-$ep"
		[[ -z $ASYNC_PROFILER ]] || profiler_stop "$dir" "$ep"
		[[ $JFR == 1 ]] && "$JCMD" "$APP_PID" JFR.stop name="$ep" >/dev/null
		read -r h1 n1 < <(heap_snapshot "$APP_PID") || true
		[[ -n $n0 ]] || h1= n1=
		reqs=$(wrk_field "$dir/wrk-saturation-$ep.txt" requests)
		dur=$(wrk_field "$dir/wrk-saturation-$ep.txt" duration_us)
		rps=$(awk -v r="$reqs" -v d="$dur" 'BEGIN { printf "%.1f", r / (d / 1e6) }')
		record "$round" "$v" "${ep}_rps" "$rps"
		record_window "$round" "$v" "$ep" "$reqs" "$work" "$c0 $c1 $t0 $t1 $s0 $s1"
		record "$round" "$v" "${ep}_sat_errors" "$(awk -F'[ =]' '{ for (i = 2; i <= NF; i += 2) if ($i ~ /^errors_/) e += $(i + 1) } END { print e + 0 }' <(grep '^WRK ' "$dir/wrk-saturation-$ep.txt"))"
		echo "${h0:-NA} ${n0:-NA} ${h1:-NA} ${n1:-NA} $reqs" >"$work/window-$ep"
		run_wrk "$dir/wrk-latency-$ep.txt" "$LAT_CONNECTIONS" "$LATENCY_DURATION" "$url" || return 1
		record "$round" "$v" "${ep}_mean_ms" "$(awk -v u="$(wrk_field "$dir/wrk-latency-$ep.txt" lat_mean_us)" 'BEGIN { printf "%.3f", u / 1000 }')"
		record "$round" "$v" "${ep}_p99_ms" "$(awk -v u="$(wrk_field "$dir/wrk-latency-$ep.txt" lat_p99_us)" 'BEGIN { printf "%.3f", u / 1000 }')"
		for f in warmup saturation latency; do
			requests[i]=$((requests[i] + $(wrk_field "$dir/wrk-$f-$ep.txt" requests)))
		done
		i=$((i + 1))
	done
}

# --- One variant, one round ------------------------------------------------------------

run_variant() { # round variant
	local round=$1 v=$2 dir=$OUT/raw/round$1-$2 work=$WORK/round$1-$2
	mkdir -p "$dir" "$work"
	local port jar java_args=() app_args=()
	port=$(free_port)
	case $v in
		a) jar=$WORK/load-benchmark-plain.jar ;;
		b) jar=$WORK/load-benchmark-boot.jar ;;
		c) jar=$WORK/load-benchmark-starter.jar ;;
		[e-i])
			jar=$WORK/load-benchmark-starter.jar
			local jar_name=JAR_$v
			[[ -z ${!jar_name:-} ]] || jar=$WORK/load-benchmark-$v.jar
			;;
		d) jar=$WORK/load-benchmark-plain.jar ;;
		*) log "unknown variant ($v)"; return 1 ;;
	esac
	if [[ $v == [bce-i] ]]; then
		app_args=(--management.opentelemetry.tracing.export.otlp.endpoint="$SINK/v1/traces")
	fi
	# Extra application arguments for one variant, e.g. ARGS_c=--observability.web.access-log.enabled=false
	local extra_name=ARGS_$v extra=()
	read -r -a extra <<<"${!extra_name:-}"
	app_args+=("${extra[@]}")
	if [[ $v == d ]]; then
		# Like (b) and (c): every request traced to the sink, metrics kept in-process for a
		# Prometheus scrape, logs to the console only.
		java_args=(-javaagent:"$WORK/opentelemetry-javaagent.jar" -Dotel.service.name=load-benchmark
			-Dotel.exporter.otlp.protocol=http/protobuf -Dotel.exporter.otlp.endpoint="$SINK"
			-Dotel.traces.sampler=always_on -Dotel.metrics.exporter=prometheus
			-Dotel.exporter.prometheus.host=127.0.0.1 -Dotel.exporter.prometheus.port="$(free_port)"
			-Dotel.logs.exporter=none)
	fi
	curl -s "$SINK/stats" >"$work/sink-before.txt"
	record "$round" "$v" loadavg_1m "$(cut -d' ' -f1 /proc/loadavg)"

	local launch_ns
	launch_ns=$(date +%s%N)
	# shellcheck disable=SC2086 # JVM_OPTS is a list of options
	taskset -c "$APP_CPUS" java $JVM_OPTS -Xlog:gc+heap=debug:file="$work/gc.log":timemillis \
		-XX:ErrorFile="$dir/hs_err_pid%p.log" "${java_args[@]}" \
		-jar "$jar" --server.port="$port" "${app_args[@]}" >"$work/app.log" 2>&1 &
	APP_PID=$!
	# Some shells fork before they exec: measure the JVM itself
	local child
	for _ in $(seq 100); do
		[[ $(cat "/proc/$APP_PID/comm" 2>/dev/null) == java ]] && break
		child=$(pgrep -P "$APP_PID" -x java || true)
		[[ -n $child ]] && { APP_PID=$child; break; }
		sleep 0.02
	done
	local base=http://127.0.0.1:$port code deadline=$(($(date +%s) + STARTUP_TIMEOUT))
	while :; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/fast" || true)
		[[ $code == 200 ]] && break
		kill -0 "$APP_PID" 2>/dev/null || { log "($v) exited during start-up, see $dir/app-log.txt"; cp "$work/app.log" "$dir/app-log.txt"; APP_PID=; return 1; }
		(($(date +%s) < deadline)) || { log "($v) no 200 within ${STARTUP_TIMEOUT}s"; stop_app; cp "$work/app.log" "$dir/app-log.txt"; return 1; }
		sleep 0.02
	done
	local startup_ms=$((($(date +%s%N) - launch_ns) / 1000000))
	record "$round" "$v" startup_ms "$startup_ms"
	record "$round" "$v" startup_cpu_ms "$(($(cpu_ticks "$APP_PID") * 1000 / HZ))"
	# What start-up had to load: the main reason the observability variants start slower
	record "$round" "$v" startup_classes "$("$JSTAT" -class "$APP_PID" 2>/dev/null | awk 'NR == 2 { print $1 }')"
	curl -s -i --max-time 10 "$base/work?order=order-42" >"$dir/work-response.txt" || true
	grep -q '"price"' "$dir/work-response.txt" || { log "($v) /work did not answer as expected"; stop_app; cp "$work/app.log" "$dir/app-log.txt"; return 1; }

	local requests=(0 0)
	if [[ $MODE == steady ]]; then
		steady_phase "$round" "$v" "$dir" "$work" "$base" || { stop_app; tail -n 100 "$work/app.log" >"$dir/app-log.txt"; return 1; }
	else
		saturation_phase "$round" "$v" "$dir" "$work" "$base" || { stop_app; tail -n 100 "$work/app.log" >"$dir/app-log.txt"; return 1; }
	fi
	record "$round" "$v" threads "$(awk '/^Threads:/ { print $2 }' "/proc/$APP_PID/status")"
	record "$round" "$v" rss_mb "$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status")"
	# Thread names (truncated to 15 characters by the kernel), to see where extra threads come from
	cat /proc/"$APP_PID"/task/*/comm 2>/dev/null | sed 's/[0-9]*$//' | sort | uniq -c | sort -rn >"$dir/threads.txt" || true
	stop_app

	# Allocated during a window = heap growth + what the collections in it freed
	for ep in fast work; do
		read -r h0 n0 h1 n1 reqs <"$work/window-$ep"
		if [[ $n0 == NA || $n1 == NA ]]; then
			log "($v) no heap figures from jstat: allocation not measured"
			record "$round" "$v" "${ep}_alloc_bytes_per_req" NA
			continue
		fi
		record "$round" "$v" "${ep}_alloc_bytes_per_req" "$(awk -v kb=$((h1 - h0 + $(gc_freed_kb "$work/gc.log" "$n0" "$n1"))) -v r="$reqs" 'BEGIN { printf "%.0f", kb * 1024 / r }')"
	done
	if [[ $JFR == 1 ]]; then
		for ep in fast work; do
			java "$LOAD_DIR/JfrSummary.java" "$dir/$ep.jfr" >"$dir/profile-$ep.txt" 2>&1 || true
		done
	fi
	if [[ -n $ASYNC_PROFILER ]]; then
		for ep in fast work; do
			read -r _ _ _ _ reqs <"$work/window-$ep"
			java "$LOAD_DIR/CpuProfileSummary.java" "$dir/$PROFILER_PREFIX-$ep.collapsed" "$reqs" >"$dir/$PROFILER_PREFIX-$ep.txt" 2>&1 || true
		done
	fi
	# What the sink received from this variant, by span name
	curl -s "$SINK/stats" >"$work/sink-after.txt"
	awk 'NR == FNR { before[$1] = $2; next } { print $1, $2 - before[$1] }' \
		"$work/sink-before.txt" "$work/sink-after.txt" >"$dir/exported.txt"
	# One server span per request, plus the service's span on /work; (a) exports nothing
	local spans
	spans=$(awk '$1 == "spans" { print $2 }' "$dir/exported.txt")
	local expected=$((requests[0] + 2 * requests[1]))
	record "$round" "$v" spans_exported "$spans"
	record "$round" "$v" span_coverage "$(awk -v s="$spans" -v e="$expected" 'BEGIN { printf "%.3f", s / e }')"
	{ head -n 60 "$work/app.log"; echo "[... $(wc -l <"$work/app.log") lines in all, last 5:]"; tail -n 5 "$work/app.log"; } >"$dir/app-log.txt"
	rm -f "$work/app.log"
}

# --- Run -------------------------------------------------------------------------------

nvariants=$(wc -w <<<"$VARIANTS")
if [[ $MODE == steady ]]; then
	# Start-up, about half the longest warm-up, the two windows
	estimate=$((ROUNDS * nvariants * (20 + (WARMUP_MIN + WARMUP_MAX) / 2 + 2 * WINDOW) / 60 + 1))
else
	estimate=$((ROUNDS * nvariants * (WARMUP + 2 * (DURATION + LATENCY_DURATION) + 20) / 60 + 1))
fi
{
	echo "# Load benchmark $STAMP$([[ $MODE == steady ]] && echo ', steady state' || true)$([[ $QUICK == 1 ]] && echo ' (QUICK smoke run)' || true)"
	echo
	[[ -n $NOTE ]] && { echo "> $NOTE"; echo; }
	[[ $JFR == 1 ]] && { echo "> JFR=1: every saturation window was recorded with JFR, which perturbs the figures; use this run for its profiles (raw/*/profile-*.txt), not for its numbers."; echo; }
	echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with local changes)')"
	echo "- machine: $NPROC CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
	echo "- java: $(java -version 2>&1 | head -1); wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); OpenTelemetry Java agent $AGENT_VERSION"
	echo "- app on CPUs $APP_CPUS, wrk ($WRK_THREADS thread(s)) and the OTLP sink on CPUs $LOAD_CPUS"
	echo "- JVM options (all variants): $JVM_OPTS -Xlog:gc+heap=debug:file=...; (d) adds -javaagent and -Dotel.*"
	if [[ $MODE == steady ]]; then
		echo "- MODE=steady, rounds: $ROUNDS, order per round: $VARIANTS; warm-up $( ((WARMUP_BURST > 0)) && echo "of ${WARMUP_BURST}s unthrottled, then ")at the fixed rates on both endpoints at once, in ${WARMUP_SLICE}s slices, until the JIT compiler's queue is empty and the compiler used at most ${JIT_QUIET} % of the CPU (${WARMUP_MIN}–${WARMUP_MAX}s); per endpoint a ${WINDOW}s window: /fast at $RATE_FAST requests/s, /work at $RATE_WORK requests/s, $CONNECTIONS connections (wrk with rate.lua)"
	else
		echo "- rounds: $ROUNDS, order per round: $VARIANTS; warm-up ${WARMUP}s on both endpoints at once; per endpoint: saturation ${DURATION}s at $SAT_CONNECTIONS connections, latency ${LATENCY_DURATION}s at $LAT_CONNECTIONS"
	fi
	for v in $STARTER_VARIANTS; do
		jar_name=JAR_$v
		[[ -z ${!jar_name:-} ]] || echo "- ($v) runs ${!jar_name}"
	done
	for v in $VARIANTS; do
		extra_name=ARGS_$v
		[[ -z ${!extra_name:-} ]] || echo "- extra arguments for ($v): ${!extra_name}"
	done
	echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/header.md"
cat "$OUT/header.md" >&2
log "Estimated duration: about $estimate minutes; results in $OUT"

failures=0
for round in $(seq "$ROUNDS"); do
	for v in $VARIANTS; do
		log "Round $round/$ROUNDS: ($v) $(variant_label "$v")"
		if ! run_variant "$round" "$v"; then
			failures=$((failures + 1))
			log "Round $round: ($v) failed; its figures are missing from the summary"
		fi
	done
done
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/header.md"

{
	cat "$OUT/header.md"
	echo
	java "$LOAD_DIR/Report.java" "$RAW" "$VARIANTS" "$MODE"
} >"$OUT/summary.md"
cat "$OUT/summary.md"
log "Summary: $OUT/summary.md, raw figures: $RAW"
((failures == 0)) || die "$failures variant run(s) failed"
