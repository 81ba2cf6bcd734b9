#!/usr/bin/env bash
# End-to-end proof of the ops assets against a real Prometheus:
#   the sample (services profile) with its own Redis, the local PostgreSQL, an S3Proxy and an
#   OTLP sink; traffic; a Prometheus 2.42 scraping it with ops/prometheus/alerts.yml and
#   safety-valves.yml loaded.
# Asserts: the target is up and `promtool check metrics` parses the scrape; every metric name
# used by every dashboard and alerts.yml rule exists in Prometheus (the safety-valve counters
# appear only once a valve opens); every dashboard query returns
# data; `promtool check rules` and `test rules` pass; with Redis hung, readiness answers 503
# within 2 s, DependencyDown's expression is true in Prometheus and liveness stays 200; with
# Redis back, readiness is 200 again. Stops everything it started, by PID. Needs the sample jar
# (mvn verify or mvn -DskipTests package) and installs Prometheus from Debian if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
started=$(date +%s)
work=$(mktemp -d /tmp/ops-e2e.XXXXXX)
pids=()
log() { printf '[e2e] %s\n' "$*"; }
fail() { printf '[e2e] FAIL: %s\n' "$*" >&2; exit 1; }
cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		kill -CONT "$pid" 2>/dev/null || true
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null || true
	done
	log "stopped ${#pids[@]} processes; logs in $work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { # wait_for SECONDS COMMAND...
	local deadline=$(($(date +%s) + $1)); shift
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.5
	done
}

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
	log "installing Prometheus from Debian"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
jar="$root/sample-app/target/sample-app.jar"
[ -f "$jar" ] || fail "no $jar: build the sample first (mvn -DskipTests package)"
cp "$jar" "$work/sample-app.jar"

log "static checks of the rules"
promtool check rules ops/prometheus/alerts.yml ops/prometheus/safety-valves.yml
promtool test rules ops/prometheus/alerts-test.yml ops/prometheus/safety-valves-test.yml

# A Redis of our own, so that hanging it disturbs nobody else
redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!; pids+=("$redis_pid")
wait_for 10 redis-cli -p "$redis_port" ping || fail "Redis did not start"

# An S3-compatible server for the raw documents (transient, in memory)
s3proxy_jar="$root/sample-app/target/s3proxy/s3proxy.jar"
[ -f "$s3proxy_jar" ] || fail "no $s3proxy_jar: build the sample with its test resources (mvn -DskipTests package)"
s3_port=$(free_port)
cat >"$work/s3proxy.properties" <<PROPERTIES
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=e2e-access-key
s3proxy.credential=e2e-secret-key
jclouds.provider=transient-nio2
jclouds.identity=e2e-access-key
jclouds.credential=e2e-secret-key
PROPERTIES
java -Xmx256m -XX:+UseSerialGC -jar "$s3proxy_jar" --properties "$work/s3proxy.properties" >"$work/s3proxy.log" 2>&1 &
pids+=("$!")
s3_answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$s3_port/")" != "000" ]; }
wait_for 60 s3_answers || fail "S3Proxy did not start"

sink_port_file="$work/sink.port"
java "$root/benchmarks/load/OtlpSink.java" "$sink_port_file" >"$work/otlp-sink.log" 2>&1 &
pids+=("$!")
wait_for 30 test -s "$sink_port_file" || fail "OTLP sink did not start"
sink_port=$(cat "$sink_port_file")

app_port=$(free_port)
base="http://127.0.0.1:$app_port"
log "starting the sample on $base"
S3_ENDPOINT="http://127.0.0.1:$s3_port" S3_ACCESS_KEY=e2e-access-key S3_SECRET_KEY=e2e-secret-key S3_CREATE_BUCKET=true \
	java -Xmx512m -jar "$work/sample-app.jar" --spring.profiles.active=services \
	--server.port="$app_port" --spring.data.redis.port="$redis_port" \
	--management.opentelemetry.tracing.export.otlp.endpoint="http://127.0.0.1:$sink_port/v1/traces" \
	--observability.tracing.exemplars.enabled=false \
	--observability.health.timeout=500ms --observability.health.cache-ttl=250ms \
	>"$work/sample.log" 2>&1 &
pids+=("$!")
wait_for 240 curl -sf "$base/actuator/health/readiness" || { tail -50 "$work/sample.log"; fail "the sample did not become ready"; }

log "driving traffic"
if [ -x sample-app/traffic.sh ]; then
	BASE_URL="$base" DURATION="${TRAFFIC_SECONDS:-40}" sample-app/traffic.sh >"$work/traffic.log" 2>&1
else
	end=$(($(date +%s) + ${TRAFFIC_SECONDS:-40}))
	while [ "$(date +%s)" -lt "$end" ]; do
		for source in EMAIL EDI API; do
			curl -s -o /dev/null -H 'Content-Type: application/json' \
				-d "{\"source\":\"$source\",\"customer\":\"ACME\",\"content\":\"10 x M8 bolts\"}" "$base/api/inbound-messages"
		done
		curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"source":"EMAIL"}' "$base/api/inbound-messages"
		curl -s -o /dev/null "$base/api/inbound-messages/unknown"
		sleep 0.2
	done
fi

prom_port=$(free_port)
prom="http://127.0.0.1:$prom_port"
mkdir -p "$work/prometheus"
cp ops/prometheus/alerts.yml ops/prometheus/safety-valves.yml "$work/prometheus/"
cat >"$work/prometheus/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
  evaluation_interval: 2s
rule_files:
  - alerts.yml
  - safety-valves.yml
scrape_configs:
  - job_name: order-intake
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$app_port"]
YAML
log "starting Prometheus on $prom"
prometheus --config.file="$work/prometheus/prometheus.yml" --storage.tsdb.path="$work/prometheus/data" \
	--web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
pids+=("$!")
target_up() { curl -s "$prom/api/v1/query?query=up%7Bjob%3D%22order-intake%22%7D" | grep '"value":\[[0-9.]*,"1"\]' >/dev/null; }
wait_for 60 target_up || { tail -20 "$work/prometheus.log"; fail "the sample's target is not up in Prometheus"; }
log "target is up"

curl -s "$base/actuator/prometheus" -H 'Accept: text/plain' >"$work/scrape.txt"
set +e
promtool check metrics <"$work/scrape.txt" >"$work/promtool-metrics.log" 2>&1
metrics_status=$?
set -e
[ "$metrics_status" -eq 0 ] || [ "$metrics_status" -eq 3 ] || { cat "$work/promtool-metrics.log"; fail "promtool cannot parse the scrape"; }
log "promtool check metrics: exit $metrics_status ($(wc -l <"$work/promtool-metrics.log") lint lines)"

# Let a few scrapes land with traffic in them, so rate() over 1m has data
BASE_URL="$base" DURATION=20 sample-app/traffic.sh >/dev/null 2>&1 || sleep 20

log "checking every query of the dashboards and rules"
python3 ops/e2e/query_check.py "$prom" order-intake ops/grafana/*.json ops/prometheus/alerts.yml

log "fault injection: Redis hangs"
kill -STOP "$redis_pid"
hung_at=$(date +%s%N)
status=""
for _ in $(seq 1 40); do
	status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$base/actuator/health/readiness" || true)
	[ "$status" = "503" ] && break
	sleep 0.1
done
elapsed_ms=$((($(date +%s%N) - hung_at) / 1000000))
[ "$status" = "503" ] || fail "readiness answered $status with Redis hung"
[ "$elapsed_ms" -le 2000 ] || fail "readiness took ${elapsed_ms} ms to turn 503"
log "readiness 503 after ${elapsed_ms} ms"
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/actuator/health/liveness")" = "200" ] || fail "liveness is not 200 with Redis hung"
redis_down() { curl -s "$prom/api/v1/query" --data-urlencode 'query=health_status{component="redis"} == 0' | grep '"component":"redis"' >/dev/null; }
wait_for 30 redis_down || fail "DependencyDown's expression did not become true in Prometheus"
alert_active() { curl -s "$prom/api/v1/alerts" | grep '"alertname":"DependencyDown"' >/dev/null; }
wait_for 15 alert_active || fail "DependencyDown is not pending or firing"
log "DependencyDown is active in Prometheus; liveness stays 200"

log "Redis comes back"
kill -CONT "$redis_pid"
ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$base/actuator/health/readiness")" = "200" ]; }
wait_for 30 ready || fail "readiness did not return to 200 with Redis back"
log "readiness is 200 again"

spans=$(curl -s "http://127.0.0.1:$sink_port/stats" | awk '$1 == "spans" { print $2 }')
[ "${spans:-0}" -gt 0 ] || fail "the OTLP sink received no spans"
log "the OTLP sink received $spans spans"
log "passed in $(($(date +%s) - started)) s"
