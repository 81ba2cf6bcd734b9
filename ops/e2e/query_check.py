#!/usr/bin/env python3
"""Checks the ops assets against a live Prometheus.

Usage: query_check.py PROMETHEUS_URL APPLICATION FILE...

FILE is a Grafana dashboard (.json) or a Prometheus rule file (.yml). For every PromQL
expression: every metric name it uses must exist in Prometheus (a {__name__=~"..."} selector
must match at least one series), and every dashboard query must return data. Exits 1 and
lists every miss.
"""
import json
import re
import sys
import urllib.parse
import urllib.request

FUNCTIONS = {
    "sum", "avg", "max", "min", "count", "rate", "irate", "increase", "histogram_quantile", "by", "without",
    "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "absent", "label_replace", "bool",
    "offset", "topk", "bottomk", "quantile", "stddev", "delta", "deriv", "abs", "clamp_min", "clamp_max",
    "time", "vector", "scalar", "max_over_time", "min_over_time", "avg_over_time", "sum_over_time",
}


def query(prometheus, expr):
    url = prometheus + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"query failed: {expr}: {body}")
    return body["data"]["result"]


def metric_names(expr):
    selectors = re.findall(r'\{(?:[^}"]|"(?:[^"\\]|\\.)*")*\}', expr)
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)                 # label values
    text = re.sub(r'\{[^}]*\}', ' ', text)                          # label matchers
    text = re.sub(r'\[[^\]]*\]', ' ', text)                          # ranges
    text = re.sub(r'\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)', ' ', text)
    names = {token for token in re.findall(r'[A-Za-z_:][A-Za-z0-9_:]*', text) if token not in FUNCTIONS}
    # Selectors that match metric names by regular expression, kept whole with their labels
    regexes = [selector for selector in selectors if re.search(r'__name__\s*=~', selector)]
    return names, regexes


def dashboard_expressions(path):
    with open(path) as f:
        dashboard = json.load(f)
    for panel in dashboard.get("panels", []):
        for target in panel.get("targets", []):
            yield panel["title"], target["expr"]


def rule_expressions(path):
    # The rule file is YAML; the expressions are block scalars or plain values after "expr:"
    lines = open(path).read().splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        match = re.match(r'^(\s*)expr:\s*(.*)$', line)
        if match:
            indent, value = len(match.group(1)), match.group(2).strip()
            alert = next((re.sub(r'^\s*- alert:\s*', '', l) for l in reversed(lines[:index]) if "- alert:" in l), "?")
            if value in ("|", ">", "|-", ">-"):
                block = []
                index += 1
                while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent):
                    block.append(lines[index].strip())
                    index += 1
                yield alert, " ".join(block)
                continue
            yield alert, value
        index += 1


def main():
    prometheus, application, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    known = set(json.load(urllib.request.urlopen(prometheus + "/api/v1/label/__name__/values", timeout=10))["data"])
    misses, checked = [], 0
    for path in files:
        dashboard = path.endswith(".json")
        expressions = dashboard_expressions(path) if dashboard else rule_expressions(path)
        for title, expr in expressions:
            checked += 1
            names, regexes = metric_names(expr)
            for name in sorted(names - known):
                misses.append(f"{path}: {title}: metric {name} does not exist")
            for selector in regexes:
                selector = selector.replace("$application", application)
                if not query(prometheus, "count(" + selector + ")"):
                    misses.append(f"{path}: {title}: no series matches {selector}")
            if dashboard:
                concrete = expr.replace("$application", application).replace("$__rate_interval", "1m")
                if not query(prometheus, concrete):
                    misses.append(f"{path}: {title}: query returns no data: {concrete}")
    for miss in misses:
        print("MISS " + miss)
    print(f"{checked} queries checked, {len(misses)} misses")
    sys.exit(1 if misses else 0)


if __name__ == "__main__":
    main()
