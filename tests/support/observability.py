# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test helpers for monitoring and backups: the inventories' plans, promtool/amtool, YAML files for the tools."""

from __future__ import annotations

import glob
import os
import subprocess

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import backup, monitoring

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENVIRONMENTS = ("local", "dev", "staging", "prod")
TOOLS_DIR = os.environ.get("PLATFORM_RUNTIME_TOOLS", os.path.expanduser("~/.cache/platform-runtime/tools"))
DASHBOARDS_DIR = os.path.join(ROOT, "roles", "monitoring", "files", "dashboards")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _untemplated(value):
    """Inventory values that are Jinja expressions (vault lookups) are unknown to the tests: drop them."""
    if isinstance(value, str) and "{{" in value:
        return None
    if isinstance(value, dict):
        return {k: _untemplated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untemplated(v) for v in value]
    return value


def inventory_vars(env):
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "inventories", env, "group_vars", "all", "*.yml"))):
        with open(path) as f:
            out.update(_untemplated(yaml.safe_load(f) or {}))
    return out


def cluster_vars(env):
    """inventory_vars with the first cluster's host_vars over them (prod's backup_settings are per region), and its name."""
    out = inventory_vars(env)
    names = sorted(glob.glob(os.path.join(ROOT, "inventories", env, "host_vars", "*.yml")))
    if names:
        with open(names[0]) as f:
            out.update(_untemplated(yaml.safe_load(f) or {}))
        out["inventory_hostname"] = os.path.basename(names[0])[: -len(".yml")]
    return out


def dashboards():
    out = {}
    for path in sorted(glob.glob(os.path.join(DASHBOARDS_DIR, "*.json"))):
        with open(path) as f:
            out[os.path.basename(path)[:-5]] = f.read()
    return out


def monitoring_plan(env):
    v = inventory_vars(env)
    return monitoring.plan(
        {
            "environment": v["platform_environment"],
            "settings": v.get("monitoring_settings") or {},
            "alerting": v.get("monitoring_alerting") or {},
            "teams": v.get("platform_teams") or [],
            "dashboards": dashboards(),
        }
    )


def backup_plan(env):
    """The backup plan of the inventory's first cluster (prod's backup_settings are per region, in host_vars)."""
    v = cluster_vars(env)
    return backup.plan(
        {
            "environment": v["platform_environment"],
            "cluster": v.get("inventory_hostname", ""),
            "region": v.get("platform_region", ""),
            "settings": v.get("backup_settings") or {},
            "teams": v.get("platform_teams") or [],
        }
    )


def tool(name):
    """Path of promtool/amtool from scripts/install-test-tools.sh; skip (fail under CI) when it is missing."""
    path = os.path.join(TOOLS_DIR, name)
    if not os.access(path, os.X_OK):
        reason = f"{name} not found in {TOOLS_DIR}: run scripts/install-test-tools.sh"
        if IN_CI:
            pytest.fail("CI requires this: " + reason)
        pytest.skip(reason)
    return path


def run(cmd, cwd=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def write_yaml(path, data):
    with open(path, "w") as f:
        yaml.safe_dump(data, f, sort_keys=False, default_flow_style=False)
    return str(path)


# -- promtool unit tests generated from the rules and their thresholds ------------------------------
def _minutes(duration):
    units = {"s": 1 / 60, "m": 1, "h": 60, "d": 1440}
    return sum(float(n) * units[u] for n, u in __import__("re").findall(r"(\d+(?:\.\d+)?)([smhd])", duration))


def _series(name, labels):
    return name + "{" + ", ".join(f'{k}="{v}"' for k, v in labels.items()) + "}"


def _render(text, labels):
    import re

    return re.sub(r"\{\{ \$labels\.(\w+) \}\}", lambda m: labels.get(m.group(1), ""), text)


def _expected(rule, labels):
    all_labels = dict(labels)
    all_labels.update(rule["labels"])
    return {"exp_labels": all_labels, "exp_annotations": {k: _render(v, labels) for k, v in rule["annotations"].items()}}


def alert_cases(rule_obj, alerts):
    """(promtool test groups, [(alertname, severity, case)]): a firing and a silent case per alert of one PrometheusRule.

    The inputs come from the thresholds: the firing case sits halfway between the threshold and the maximum,
    the silent one at half the threshold. Istio5xxRatioHigh also gets a critical case where both severities fire.
    """
    rules = rule_obj["spec"]["groups"][0]["rules"]
    team_ns = None
    for r in rules:
        m = __import__("re").search(r'namespace="([^"]+)"', r["expr"])
        if m:
            team_ns = m.group(1)
            break
    ns = team_ns or "kube-system"
    pod = {"namespace": ns, "pod": "app-0", "container": "app"}
    by_name = {}
    for r in rules:
        by_name.setdefault(r["alert"], []).append(r)
    groups, cases = [], []

    def group(series, alertname, eval_minutes, expected):
        return {
            "interval": "1m",
            "input_series": [{"series": s, "values": v} for s, v in series],
            "alert_rule_test": [{"eval_time": f"{int(eval_minutes)}m", "alertname": alertname, "exp_alerts": expected}],
        }

    def add(alertname, case, series, eval_minutes, firing_rules, labels):
        groups.append(group(series, alertname, eval_minutes, [_expected(r, labels) for r in firing_rules]))
        cases.append((alertname, ",".join(r["labels"]["severity"] for r in firing_rules) or "-", case))

    length = 120
    a = alerts
    # PodRestartsHigh: threshold+1 restarts a minute, or a single jump of half the threshold.
    r = by_name["PodRestartsHigh"][0]
    t, ev = a["pod_restarts"]["threshold"], _minutes(r["for"]) + _minutes(a["pod_restarts"]["window"]) + 5
    s = _series("kube_pod_container_status_restarts_total", pod)
    add(r["alert"], "firing", [(s, f"0+{t + 1}x{length}")], ev, [r], pod)
    add(r["alert"], "silent", [(s, f"0x10 {t // 2}x{length}")], ev, [], pod)
    # CPU: usage as a counter of seconds against a limit of 1 core.
    r = by_name["ContainerCPUNearLimit"][0]
    th, ev = a["cpu_limit"]["threshold"], _minutes(r["for"]) + 10
    lim = (_series("kube_pod_container_resource_limits", dict(pod, resource="cpu")), f"1x{length}")
    use = _series("container_cpu_usage_seconds_total", pod)
    add(r["alert"], "firing", [(use, f"0+{60 * (th + 1) / 2:g}x{length}"), lim], ev, [r], pod)
    add(r["alert"], "silent", [(use, f"0+{60 * th / 2:g}x{length}"), lim], ev, [], pod)
    # Memory: working set against a 1 GiB limit.
    r = by_name["ContainerMemoryNearLimit"][0]
    th, ev = a["memory_limit"]["threshold"], _minutes(r["for"]) + 10
    gib = 1073741824
    lim = (_series("kube_pod_container_resource_limits", dict(pod, resource="memory")), f"{gib}x{length}")
    ws = _series("container_memory_working_set_bytes", pod)
    add(r["alert"], "firing", [(ws, f"{int(gib * (th + 1) / 2)}x{length}"), lim], ev, [r], pod)
    add(r["alert"], "silent", [(ws, f"{int(gib * th / 2)}x{length}"), lim], ev, [], pod)
    # PodNotRunning: Pending for the whole window, or Running.
    r = by_name["PodNotRunning"][0]
    ev = _minutes(r["for"]) + 5
    pl = {"namespace": ns, "pod": "app-0"}
    pending, running = _series("kube_pod_status_phase", dict(pl, phase="Pending")), _series("kube_pod_status_phase", dict(pl, phase="Running"))
    add(r["alert"], "firing", [(pending, f"1x{length}"), (running, f"0x{length}")], ev, [r], pl)
    add(r["alert"], "silent", [(pending, f"0x{length}"), (running, f"1x{length}")], ev, [], pl)
    # Istio 5xx: 100 requests a minute with a share of 500s.
    warn, crit = sorted(by_name["Istio5xxRatioHigh"], key=lambda x: x["labels"]["severity"] != "warning")
    ev = _minutes(warn["for"]) + 10
    dl = {"destination_service_namespace": ns, "destination_service_name": "api"}
    base = {"reporter": "destination", **dl}

    def traffic(ratio):
        return [
            (_series("istio_requests_total", dict(base, response_code="500")), f"0+{100 * ratio:g}x{length}"),
            (_series("istio_requests_total", dict(base, response_code="200")), f"0+{100 * (1 - ratio):g}x{length}"),
        ]

    w, c = a["http_5xx"]["threshold"], a["http_5xx"]["critical_threshold"]
    add(warn["alert"], "firing (warning)", traffic((w + c) / 2), ev, [warn], dl)
    add(warn["alert"], "firing (critical and warning)", traffic((c + 1) / 2), ev, [warn, crit], dl)
    add(warn["alert"], "silent", traffic(w / 2), ev, [], dl)
    return groups, cases
