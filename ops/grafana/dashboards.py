#!/usr/bin/env python3
"""Generates the Grafana dashboards in this folder: python3 ops/grafana/dashboards.py.
Edit the panels here, regenerate, and let ops/e2e/run.sh check every query against live data."""
import json, os
OUT = os.path.dirname(os.path.abspath(__file__))
os.makedirs(OUT, exist_ok=True)
DS = {"type": "prometheus", "uid": "${datasource}"}

def templating():
    return {"list": [
        {"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Data source",
         "current": {}, "hide": 0, "refresh": 1, "options": []},
        {"name": "application", "type": "query", "label": "Application", "datasource": DS,
         "query": {"query": "label_values(process_uptime_seconds, application)", "refId": "application"},
         "definition": "label_values(process_uptime_seconds, application)",
         "refresh": 2, "current": {}, "hide": 0, "includeAll": False, "multi": False, "options": [], "sort": 1},
    ]}

def panel(pid, title, targets, x, y, w=12, h=8, unit="short", kind="timeseries", description=""):
    p = {"id": pid, "title": title, "type": kind, "datasource": DS,
         "gridPos": {"x": x, "y": y, "w": w, "h": h},
         "description": description,
         "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
         "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                     "tooltip": {"mode": "multi", "sort": "desc"}},
         "targets": [{"datasource": DS, "expr": e, "legendFormat": l, "refId": chr(65 + i)}
                     for i, (e, l) in enumerate(targets)]}
    if kind == "stat":
        p["options"] = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "background", "graphMode": "none", "textMode": "auto"}
        p["fieldConfig"]["defaults"]["mappings"] = [
            {"type": "value", "options": {"0": {"text": "DOWN", "color": "red"}, "1": {"text": "UP", "color": "green"}}}]
        p["fieldConfig"]["defaults"]["thresholds"] = {"mode": "absolute", "steps": [
            {"color": "red", "value": None}, {"color": "green", "value": 1}]}
    return p

def dashboard(uid, title, description, panels, tags):
    return {"uid": uid, "title": title, "description": description, "tags": ["observability-spring-boot"] + tags,
            "schemaVersion": 39, "version": 1, "editable": True, "timezone": "browser",
            "time": {"from": "now-1h", "to": "now"}, "refresh": "30s",
            "templating": templating(), "annotations": {"list": []}, "panels": panels}

A = 'application="$application"'
R = '$__rate_interval'
http = dashboard("osb-http-red", "HTTP requests (RED)",
    "Rate, errors and duration of the HTTP requests a service serves (http.server.requests).", [
    panel(1, "Request rate by URI", [(f'sum by (uri) (rate(http_server_requests_seconds_count{{{A}}}[{R}]))', "{{uri}}")], 0, 0, unit="reqps"),
    panel(2, "5xx ratio", [(f'sum(rate(http_server_requests_seconds_count{{{A}, status=~"5.."}}[{R}])) / sum(rate(http_server_requests_seconds_count{{{A}}}[{R}]))', "5xx")], 12, 0, unit="percentunit",
          description="Alert HighHttp5xxRatio fires above 5 % for 5 minutes."),
    panel(3, "p50 latency by URI", [(f'histogram_quantile(0.50, sum by (uri, le) (rate(http_server_requests_seconds_bucket{{{A}}}[{R}])))', "{{uri}}")], 0, 8, w=8, unit="s"),
    panel(4, "p95 latency by URI", [(f'histogram_quantile(0.95, sum by (uri, le) (rate(http_server_requests_seconds_bucket{{{A}}}[{R}])))', "{{uri}}")], 8, 8, w=8, unit="s",
          description="Alert HighHttpLatencyP95 fires above 2 s for 5 minutes."),
    panel(5, "p99 latency by URI", [(f'histogram_quantile(0.99, sum by (uri, le) (rate(http_server_requests_seconds_bucket{{{A}}}[{R}])))', "{{uri}}")], 16, 8, w=8, unit="s"),
    panel(6, "Responses by status", [(f'sum by (status) (rate(http_server_requests_seconds_count{{{A}}}[{R}]))', "{{status}}")], 0, 16, unit="reqps"),
    panel(7, "5xx by URI and status", [(f'sum by (uri, status) (rate(http_server_requests_seconds_count{{{A}, status=~"5.."}}[{R}]))', "{{uri}} {{status}}")], 12, 16, unit="reqps",
          description="Where the 5xx of HighHttp5xxRatio come from; the exception label names the exception when one escaped the controller."),
], ["http"])

OPS_COUNT = f'{{__name__=~".+_seconds_count", {A}, operation!="", outcome=~"success|failure"}}'
ops = dashboard("osb-operations", "Domain operations",
    "Calls, failures and duration of the methods annotated with @ObservedOperation (every operation timer carries an operation label).", [
    panel(1, "Call rate by operation", [(f'sum by (operation) (rate({OPS_COUNT}[{R}]))', "{{operation}}")], 0, 0, unit="ops"),
    panel(2, "Failure ratio by operation", [(f'sum by (operation) (rate({{__name__=~".+_seconds_count", {A}, operation!="", outcome="failure"}}[{R}])) / sum by (operation) (rate({OPS_COUNT}[{R}]))', "{{operation}}")], 12, 0, unit="percentunit",
          description="Alert OperationFailureRatioHigh fires above 10 % for 10 minutes."),
    panel(3, "p95 duration by operation", [(f'histogram_quantile(0.95, sum by (operation, le) (rate({{__name__=~".+_seconds_bucket", {A}, operation!=""}}[{R}])))', "{{operation}}")], 0, 8, unit="s"),
    panel(4, "Failures by operation and exception", [(f'sum by (operation, exception) (rate({{__name__=~".+_seconds_count", {A}, operation!="", outcome="failure"}}[{R}]))', "{{operation}} {{exception}}")], 12, 8, unit="ops"),
    panel(5, "Product matching confidence (mean)", [(f'sum(rate(products_match_confidence_sum{{{A}}}[{R}])) / sum(rate(products_match_confidence_count{{{A}}}[{R}]))', "mean confidence")], 0, 16, unit="percentunit",
          description="The sample's products.match operation records its confidence score with result = \"confidence\"."),
    panel(6, "Unmatched product lines per second", [(f'sum(rate(products_match_seconds_count{{{A}, outcome="failure"}}[{R}]))', "unmatched")], 12, 16, unit="ops",
          description="Lines whose best match stayed below the minimum confidence. Confidence quantiles are not shown: Micrometer rounds values recorded into fixed-boundary histograms up to whole numbers, so every score between 0 and 1 lands in one bucket."),
], ["operations"])

deps = dashboard("osb-dependencies", "Dependencies",
    "Health of the database, Redis and object storage as the readiness probe sees them, check latency and the database pool.", [
    panel(1, "Health by component", [(f'health_status{{{A}}}', "{{component}} {{instance}}")], 0, 0, w=24, h=5, kind="stat",
          description="1 = UP. Alert DependencyDown fires when a component stays at 0 for 1 minute."),
    panel(2, "Check duration (max) by component", [(f'max by (component) (health_check_duration_seconds_max{{{A}}})', "{{component}}")], 0, 5, unit="s"),
    panel(3, "Checks by component and status", [(f'sum by (component, status) (rate(health_check_duration_seconds_count{{{A}}}[{R}]))', "{{component}} {{status}}")], 12, 5, unit="ops"),
    panel(4, "Database pool", [
        (f'sum(hikaricp_connections_active{{{A}}})', "active"),
        (f'sum(hikaricp_connections_idle{{{A}}})', "idle"),
        (f'sum(hikaricp_connections_pending{{{A}}})', "pending"),
        (f'sum(hikaricp_connections_max{{{A}}})', "max")], 0, 13),
    panel(5, "Database connection acquire time (max)", [(f'max(hikaricp_connections_acquire_seconds_max{{{A}}})', "acquire")], 12, 13, unit="s"),
], ["health"])

jvm = dashboard("osb-jvm", "JVM",
    "JVM basics: memory, garbage collection, threads and CPU.", [
    panel(1, "Heap used", [(f'sum by (instance) (jvm_memory_used_bytes{{{A}, area="heap"}})', "{{instance}}")], 0, 0, unit="bytes"),
    panel(2, "GC pause time per second", [(f'sum by (instance) (rate(jvm_gc_pause_seconds_sum{{{A}}}[{R}]))', "{{instance}}")], 12, 0, unit="s"),
    panel(3, "Live threads", [(f'sum by (instance) (jvm_threads_live_threads{{{A}}})', "{{instance}}")], 0, 8),
    panel(4, "Process CPU", [(f'avg by (instance) (process_cpu_usage{{{A}}})', "{{instance}}")], 12, 8, unit="percentunit"),
    panel(5, "Uptime", [(f'max by (instance) (process_uptime_seconds{{{A}}})', "{{instance}}")], 0, 16, unit="s"),
    panel(6, "Loaded classes", [(f'sum by (instance) (jvm_classes_loaded_classes{{{A}}})', "{{instance}}")], 12, 16),
], ["jvm"])

for name, d in [("http-red", http), ("operations", ops), ("dependencies", deps), ("jvm", jvm)]:
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(d, f, indent=2)
        f.write("\n")
print("ok")
