# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Monitoring as data: kube-prometheus-stack values, alert rules, scrape targets and dashboards (no I/O).

``plan(config)`` validates the environment's settings and every team's ``alerting`` and per-service ``metrics``
before it builds anything, and raises ``ValidationError`` listing every problem. Everything it returns is plain
data: chart values, PrometheusRule / PodMonitor / ServiceMonitor objects, dashboard ConfigMaps, the Alertmanager
configuration and the Secret keys it reads, and every PromQL expression with where it comes from (for checks).
"""

from __future__ import annotations

import copy
import json
import re

from ansible_collections.platform.runtime.plugins.module_utils import alerting
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.helm_values import deep_merge
from ansible_collections.platform.runtime.plugins.module_utils.onboarding import namespace_for
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, is_dns1123_label

CHART_VERSION = "88.5.3"
MONITORING_API = "monitoring.coreos.com/v1"
MANAGED_BY = "platform.runtime"
TEAM_LABEL = "platform.runtime/team"
# The chart's Prometheus selects rules and monitors labelled release=<Helm release name>.
RELEASE_LABEL = "release"
DASHBOARD_LABEL = "grafana_dashboard"
# Grafana template variables the dashboards use, replaced by sample values before a PromQL syntax check.
GRAFANA_VARIABLES = {"__rate_interval": "5m", "__interval": "1m", "__range": "1h"}

_ALERTS_DEFAULT = {
    "pod_restarts": {"threshold": 3, "window": "15m", "for": "1m", "severity": "warning"},
    "cpu_limit": {"threshold": 0.8, "for": "5m", "severity": "warning"},
    "memory_limit": {"threshold": 0.9, "for": "5m", "severity": "warning"},
    "http_5xx": {"threshold": 0.05, "critical_threshold": 0.2, "for": "5m"},
    "pod_not_running": {"for": "5m", "severity": "warning"},
}

DEFAULTS = {
    "namespace": "monitoring",
    "release_name": "kube-prometheus-stack",
    "chart_version": CHART_VERSION,
    "prometheus": {
        "replicas": 2,
        "retention": "7d",
        "retention_size": "18GB",
        "storage_size": "20Gi",
        "storage_class": "",
        "resources": {"requests": {"cpu": "200m", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "2Gi"}},
    },
    "alertmanager": {
        "replicas": 2,
        "storage_size": "2Gi",
        "storage_class": "",
        "resources": {"requests": {"cpu": "20m", "memory": "64Mi"}, "limits": {"cpu": "200m", "memory": "256Mi"}},
    },
    "grafana": {
        "admin_secret": "grafana-admin",
        "user_key": "admin-user",
        "password_key": "admin-password",
        "resources": {"requests": {"cpu": "50m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}},
    },
    "alerts": _ALERTS_DEFAULT,
    "istio": {"enabled": True, "namespace": "istio-system"},
    "tracing": {"provider": "opentelemetry", "service": "opentelemetry-collector.monitoring.svc.cluster.local", "port": 4317},
    "mesh_injection": True,
}

PRESETS = {
    "prod": {
        "prometheus": {"retention": "30d", "retention_size": "90GB", "storage_size": "100Gi"},
        "alertmanager": {"replicas": 3, "storage_size": "5Gi"},
        "alerts": {"http_5xx": {"threshold": 0.01, "critical_threshold": 0.05}, "pod_not_running": {"severity": "critical"}},
    },
    "default": {},
}

# Values helm_values_check cannot know from the parent chart's values.yaml: the Alertmanager configuration is
# free-form, and testFramework belongs to the grafana subchart's own values.
VALUES_FREE_FORM = ("alertmanager.config", "grafana.testFramework")

_PROM_DURATION_RE = re.compile(r"^([0-9]+(ms|s|m|h|d|w|y))+$")
_SIZE_RE = re.compile(r"^[0-9]+(\.[0-9]+)?(B|KB|MB|GB|TB|PB|EB)$")


def settings_for(environment, overrides=None):
    return deep_merge(deep_merge(DEFAULTS, PRESETS.get(environment, PRESETS["default"])), overrides or {})


def _prom_duration(errs, field, value):
    return errs.require(isinstance(value, str) and bool(_PROM_DURATION_RE.match(value)), field, value, "a Prometheus duration such as 30s, 5m, 7d")


def validate(settings):
    errs = Errors(prefix="monitoring: ")
    errs.dns1123_label("namespace", settings.get("namespace"))
    errs.dns1123_label("release_name", settings.get("release_name"), max_len=53)
    for comp in ("prometheus", "alertmanager"):
        c = settings.get(comp) or {}
        errs.integer(f"{comp}.replicas", c.get("replicas"), low=1, high=10)
        errs.quantity(f"{comp}.storage_size", c.get("storage_size"))
        sc = c.get("storage_class")
        errs.require(sc in ("", None) or is_dns1123_label(sc, 253), f"{comp}.storage_class", sc, "a StorageClass name, or '' for the cluster default")
        errs.mapping(f"{comp}.resources", c.get("resources"))
    prom = settings.get("prometheus") or {}
    _prom_duration(errs, "prometheus.retention", prom.get("retention"))
    rs = prom.get("retention_size")
    errs.require(
        rs in ("", None) or isinstance(rs, str) and bool(_SIZE_RE.match(rs)), "prometheus.retention_size", rs, "a size such as 50GB (units B, KB, MB, GB, TB)"
    )
    graf = settings.get("grafana") or {}
    errs.dns1123_subdomain("grafana.admin_secret", graf.get("admin_secret"))
    for key in ("user_key", "password_key"):
        errs.string(f"grafana.{key}", graf.get(key))
    for key in graf:
        if key in ("admin_password", "adminPassword", "password"):
            errs.add(f"grafana.{key}", "<hidden>", "no inline password: put it in the Secret named by grafana.admin_secret")
    alerts = settings.get("alerts") or {}
    for name in _ALERTS_DEFAULT:
        a = alerts.get(name) or {}
        f = f"alerts.{name}"
        _prom_duration(errs, f"{f}.for", a.get("for"))
        if "severity" in _ALERTS_DEFAULT[name]:
            errs.one_of(f"{f}.severity", a.get("severity"), alerting.SEVERITIES)
    for name, key in (("cpu_limit", "threshold"), ("memory_limit", "threshold"), ("http_5xx", "threshold"), ("http_5xx", "critical_threshold")):
        v = (alerts.get(name) or {}).get(key)
        errs.require(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 1, f"alerts.{name}.{key}", v, "a ratio between 0 and 1 (0.8 = 80%)")
    h = alerts.get("http_5xx") or {}
    if isinstance(h.get("threshold"), (int, float)) and isinstance(h.get("critical_threshold"), (int, float)):
        errs.require(
            h["critical_threshold"] > h["threshold"],
            "alerts.http_5xx.critical_threshold",
            h["critical_threshold"],
            f"a ratio above threshold ({h['threshold']})",
        )
    r = alerts.get("pod_restarts") or {}
    errs.integer("alerts.pod_restarts.threshold", r.get("threshold"), low=0)
    _prom_duration(errs, "alerts.pod_restarts.window", r.get("window"))
    tr = settings.get("tracing") or {}
    errs.one_of("tracing.provider", tr.get("provider"), ("opentelemetry", "zipkin"))
    errs.dns1123_subdomain("tracing.service", tr.get("service"))
    errs.integer("tracing.port", tr.get("port"), low=1, high=65535)
    return errs


def team_services(teams, environment):
    """[(team, namespace, service, metrics)] for every team service of this environment that declares metrics."""
    out = []
    for team in teams or []:
        if not isinstance(team, dict) or environment not in (team.get("environments") or [environment]):
            continue
        for svc in team.get("services") or []:
            if isinstance(svc, dict) and svc.get("metrics") is not None:
                out.append((team["name"], namespace_for(team, environment), svc.get("name"), svc["metrics"]))
    return out


def validate_teams(errs, teams, environment):
    """Team fields this role reads: ``alerting`` (checked by alerting.build_config) and ``services[].metrics``."""
    for team, _ns, svc, metrics in team_services(teams, environment):
        f = f"team {team!r} services[{svc}].metrics"
        if not errs.mapping(f, metrics):
            continue
        for key in metrics:
            if key not in ("port", "path", "interval", "scheme"):
                errs.add(f"{f}.{key}", metrics[key], "no such field; known fields are port, path, interval, scheme")
        errs.integer(f"{f}.port", metrics.get("port"), low=1, high=65535)
        path = metrics.get("path", "/metrics")
        errs.require(isinstance(path, str) and path.startswith("/"), f"{f}.path", path, "an HTTP path starting with '/'")
        if metrics.get("interval") is not None:
            _prom_duration(errs, f"{f}.interval", metrics["interval"])
        errs.one_of(f"{f}.scheme", metrics.get("scheme", "http"), ("http", "https"))


def _meta(name, namespace, release, extra=None):
    labels = {"app.kubernetes.io/managed-by": MANAGED_BY, RELEASE_LABEL: release}
    labels.update(extra or {})
    return {"name": name, "namespace": namespace, "labels": labels}


def _ns_matcher(label, include=None, exclude=()):
    if include:
        return f'{label}="{include}"'
    return f'{label}!~"{"|".join(sorted(exclude))}"' if exclude else f'{label}!=""'


def _pct(ratio):
    return f"{ratio * 100:g}%"


def _rule(alert, expr, when, severity, summary, description, extra_labels):
    labels = {"severity": severity}
    labels.update(extra_labels)
    return {"alert": alert, "expr": expr, "for": when, "labels": labels, "annotations": {"summary": summary, "description": description}}


def alert_rules(alerts, sel, dsel, extra_labels):
    """Prometheus alerting rules for one scope. ``sel``/``dsel``: namespace / destination namespace matchers.

    Annotations use only ``$labels`` and the thresholds (no ``$value``), so the promtool tests can expect them exactly.
    """
    by = "namespace, pod, container"
    ctr = 'container!="", container!="POD"'
    who = "{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }})"
    restarts, cpu, mem, down, http = (alerts[k] for k in ("pod_restarts", "cpu_limit", "memory_limit", "pod_not_running", "http_5xx"))

    def ratio(usage, resource):
        return f'sum by ({by}) ({usage}) / sum by ({by}) (kube_pod_container_resource_limits{{{sel}, resource="{resource}"}})'

    rules = [
        _rule(
            "PodRestartsHigh",
            f"increase(kube_pod_container_status_restarts_total{{{sel}}}[{restarts['window']}]) > {restarts['threshold']}",
            restarts["for"],
            restarts["severity"],
            "Container restarts too often",
            f"{who} restarted more than {restarts['threshold']} times in {restarts['window']}.",
            extra_labels,
        ),
        _rule(
            "ContainerCPUNearLimit",
            f"{ratio(f'rate(container_cpu_usage_seconds_total{{{sel}, {ctr}}}[5m])', 'cpu')} > {cpu['threshold']}",
            cpu["for"],
            cpu["severity"],
            "Container CPU above its limit threshold",
            f"{who} uses more than {_pct(cpu['threshold'])} of its CPU limit.",
            extra_labels,
        ),
        _rule(
            "ContainerMemoryNearLimit",
            f"{ratio(f'container_memory_working_set_bytes{{{sel}, {ctr}}}', 'memory')} > {mem['threshold']}",
            mem["for"],
            mem["severity"],
            "Container memory working set near its limit",
            f"{who} uses more than {_pct(mem['threshold'])} of its memory limit.",
            extra_labels,
        ),
        _rule(
            "PodNotRunning",
            f'sum by (namespace, pod) (kube_pod_status_phase{{{sel}, phase=~"Pending|Unknown|Failed"}}) > 0',
            down["for"],
            down["severity"],
            "Pod is not running",
            f"{{{{ $labels.namespace }}}}/{{{{ $labels.pod }}}} has not been running for {down['for']}.",
            extra_labels,
        ),
    ]
    dby = "destination_service_namespace, destination_service_name"
    total = f'sum by ({dby}) (rate(istio_requests_total{{reporter="destination", {dsel}}}[5m]))'
    errors = f'sum by ({dby}) (rate(istio_requests_total{{reporter="destination", {dsel}, response_code=~"5.."}}[5m]))'
    for severity, key in (("warning", "threshold"), ("critical", "critical_threshold")):
        description = "{{ $labels.destination_service_name }} in {{ $labels.destination_service_namespace }} answers more than "
        description += f"{_pct(http[key])} of requests with 5xx."
        rules.append(
            _rule("Istio5xxRatioHigh", f"{errors} / {total} > {http[key]}", http["for"], severity, "High ratio of 5xx responses", description, extra_labels)
        )
    return rules


def prometheus_rules(settings, teams, environment):
    """One PrometheusRule for the platform's namespaces and one per team namespace (alerts labelled team=<name>)."""
    ns, rel, alerts = settings["namespace"], settings["release_name"], settings["alerts"]
    team_ns = {}
    for team in teams or []:
        if isinstance(team, dict) and environment in (team.get("environments") or [environment]):
            team_ns[team["name"]] = namespace_for(team, environment)
    out = [
        {
            "apiVersion": MONITORING_API,
            "kind": "PrometheusRule",
            "metadata": _meta("platform-alerts", ns, rel),
            "spec": {
                "groups": [
                    {
                        "name": "platform.workloads",
                        "rules": alert_rules(
                            alerts,
                            _ns_matcher("namespace", exclude=team_ns.values()),
                            _ns_matcher("destination_service_namespace", exclude=team_ns.values()),
                            {"scope": "platform"},
                        ),
                    }
                ]
            },
        }
    ]
    for team, tns in sorted(team_ns.items()):
        out.append(
            {
                "apiVersion": MONITORING_API,
                "kind": "PrometheusRule",
                "metadata": _meta(f"team-{team}", ns, rel, {TEAM_LABEL: team}),
                "spec": {
                    "groups": [
                        {
                            "name": f"team.{team}",
                            "rules": alert_rules(
                                alerts,
                                _ns_matcher("namespace", include=tns),
                                _ns_matcher("destination_service_namespace", include=tns),
                                {"scope": "team", "team": team},
                            ),
                        }
                    ]
                },
            }
        )
    return out


def monitors(settings, teams, environment):
    """A PodMonitor per team service with metrics; Istio's envoy PodMonitor and the istiod ServiceMonitor."""
    ns, rel = settings["namespace"], settings["release_name"]
    out = []
    for team, tns, svc, metrics in team_services(teams, environment):
        endpoint = {"portNumber": int(metrics["port"]), "path": metrics.get("path", "/metrics"), "scheme": metrics.get("scheme", "http")}
        if metrics.get("interval"):
            endpoint["interval"] = metrics["interval"]
        endpoint["relabelings"] = [{"targetLabel": "team", "replacement": team, "action": "replace"}]
        out.append(
            {
                "apiVersion": MONITORING_API,
                "kind": "PodMonitor",
                "metadata": _meta(f"{team}-{svc}"[:63].rstrip("-"), ns, rel, {TEAM_LABEL: team}),
                "spec": {
                    "namespaceSelector": {"matchNames": [tns]},
                    "selector": {"matchLabels": {"app": svc}},
                    "podMetricsEndpoints": [endpoint],
                },
            }
        )
    istio = settings.get("istio") or {}
    if istio.get("enabled", True):
        out.append(
            {
                "apiVersion": MONITORING_API,
                "kind": "PodMonitor",
                "metadata": _meta("istio-envoy", ns, rel),
                "spec": {
                    "namespaceSelector": {"any": True},
                    "selector": {"matchExpressions": [{"key": "security.istio.io/tlsMode", "operator": "Exists"}]},
                    "jobLabel": "envoy-stats",
                    "podMetricsEndpoints": [
                        {
                            "path": "/stats/prometheus",
                            "port": "http-envoy-prom",
                            "interval": "30s",
                            "relabelings": [
                                {"sourceLabels": ["__meta_kubernetes_namespace"], "targetLabel": "namespace", "action": "replace"},
                                {"sourceLabels": ["__meta_kubernetes_pod_name"], "targetLabel": "pod", "action": "replace"},
                            ],
                        }
                    ],
                },
            }
        )
        out.append(
            {
                "apiVersion": MONITORING_API,
                "kind": "ServiceMonitor",
                "metadata": _meta("istiod", ns, rel),
                "spec": {
                    "namespaceSelector": {"matchNames": [istio.get("namespace") or "istio-system"]},
                    "selector": {"matchLabels": {"istio": "pilot"}},
                    "jobLabel": "istio",
                    "endpoints": [{"port": "http-monitoring", "interval": "30s"}],
                },
            }
        )
    return out


def dashboard_configmaps(dashboards, namespace, release):
    """A ConfigMap per dashboard JSON (name -> text), labelled for the Grafana sidecar; ValidationError on bad JSON."""
    errs = Errors(prefix="monitoring: ")
    out = []
    for name, text in sorted((dashboards or {}).items()):
        try:
            doc = json.loads(text)
        except (TypeError, ValueError) as e:
            errs.add(f"dashboards.{name}", str(text)[:40] + "...", f"Grafana dashboard JSON ({e})")
            continue
        if not errs.require(isinstance(doc, dict) and doc.get("uid") and doc.get("title"), f"dashboards.{name}", name, "a dashboard with uid and title"):
            continue
        if not errs.dns1123_label(f"dashboards.{name} (name)", name, max_len=50):
            continue
        out.append(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": _meta(f"dashboard-{name}", namespace, release, {DASHBOARD_LABEL: "1"}),
                "data": {f"{name}.json": json.dumps(doc, indent=2, sort_keys=True)},
            }
        )
    errs.raise_if_any(ValidationError)
    return out


def _storage(size, storage_class):
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}}
    if storage_class:
        spec["storageClassName"] = storage_class
    return {"volumeClaimTemplate": {"spec": spec}}


# Requests and limits of the chart's helper containers, which it leaves empty: Gatekeeper's container-limits and
# container-requests constraints (and the policy preflight over the platform's own charts) ask for them.
HELPER_RESOURCES = {
    "operator": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}},
    "webhook_jobs": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"cpu": "100m", "memory": "64Mi"}},
    "kube_state_metrics": {"requests": {"cpu": "50m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}},
    "node_exporter": {"requests": {"cpu": "20m", "memory": "32Mi"}, "limits": {"cpu": "200m", "memory": "128Mi"}},
    "grafana_sidecar": {"requests": {"cpu": "10m", "memory": "64Mi"}, "limits": {"cpu": "100m", "memory": "256Mi"}},
}


def chart_values(settings, am_config):
    prom, am, graf = settings["prometheus"], settings["alertmanager"], settings["grafana"]
    secret = am_config["secret_name"]
    prom_spec = {
        "replicas": prom["replicas"],
        "retention": prom["retention"],
        "resources": copy.deepcopy(prom["resources"]),
        "storageSpec": _storage(prom["storage_size"], prom.get("storage_class")),
    }
    if prom.get("retention_size"):
        prom_spec["retentionSize"] = prom["retention_size"]
    return {
        "alertmanager": {
            "config": am_config["config"],
            "alertmanagerSpec": {
                "replicas": am["replicas"],
                "secrets": [secret],
                "resources": copy.deepcopy(am["resources"]),
                "storage": _storage(am["storage_size"], am.get("storage_class")),
            },
        },
        "prometheus": {"prometheusSpec": prom_spec},
        "grafana": {
            "admin": {"existingSecret": graf["admin_secret"], "userKey": graf["user_key"], "passwordKey": graf["password_key"]},
            "resources": copy.deepcopy(graf["resources"]),
            "sidecar": {
                "resources": copy.deepcopy(HELPER_RESOURCES["grafana_sidecar"]),
                "dashboards": {"enabled": True, "label": DASHBOARD_LABEL, "labelValue": "1"},
                "datasources": {
                    "enabled": True,
                    "defaultDatasourceEnabled": True,
                    "alertmanager": {"enabled": True, "name": "Alertmanager", "uid": "alertmanager"},
                },
            },
            "testFramework": {"enabled": False},
        },
        "prometheusOperator": {
            "resources": copy.deepcopy(HELPER_RESOURCES["operator"]),
            "admissionWebhooks": {"patch": {"resources": copy.deepcopy(HELPER_RESOURCES["webhook_jobs"])}},
        },
        "kube-state-metrics": {"resources": copy.deepcopy(HELPER_RESOURCES["kube_state_metrics"])},
        "prometheus-node-exporter": {"resources": copy.deepcopy(HELPER_RESOURCES["node_exporter"])},
        "commonLabels": {"app.kubernetes.io/part-of": "platform-monitoring"},
    }


def _vars_replaced(expr):
    def sub(m):
        name = m.group(1) or m.group(2)
        return GRAFANA_VARIABLES.get(name, f"{name}_value")

    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", sub, expr)


def promql_expressions(objects):
    """[(where, expr)] for every rule expression and dashboard target; Grafana variables replaced by samples."""
    out = []
    for obj in objects:
        kind, name = obj.get("kind"), obj.get("metadata", {}).get("name")
        if kind == "PrometheusRule":
            for group in obj["spec"]["groups"]:
                for rule in group["rules"]:
                    out.append((f"PrometheusRule {name} group {group['name']} rule {rule.get('alert') or rule.get('record')}", rule["expr"]))
        elif kind == "ConfigMap" and obj["metadata"].get("labels", {}).get(DASHBOARD_LABEL) == "1":
            for key, text in obj.get("data", {}).items():
                doc = json.loads(text)
                for panel in _panels(doc):
                    for target in panel.get("targets") or []:
                        if target.get("expr"):
                            out.append((f"dashboard {key} panel {panel.get('title')!r} ref {target.get('refId')}", _vars_replaced(target["expr"])))
                for var in (doc.get("templating") or {}).get("list", []):
                    query = var.get("query")
                    if isinstance(query, dict):
                        query = query.get("query")
                    m = re.match(r"^label_values\((.+),\s*\w+\)$", query or "")
                    if var.get("type") == "query" and m:
                        out.append((f"dashboard {key} variable {var.get('name')}", _vars_replaced(m.group(1))))
    return out


def _panels(doc):
    for panel in doc.get("panels") or []:
        yield panel
        yield from _panels(panel)


def check_promql(expressions, parse):
    """Parse every expression with ``parse`` (promql_parser.parse); ValidationError naming each bad one."""
    errs = Errors(prefix="monitoring: ", template="{field}: {value!r}: {expected}")
    for where, expr in expressions:
        try:
            parse(expr)
        except Exception as e:  # the parser raises ValueError; any exception is a failed parse
            errs.add(where, expr, f"not valid PromQL ({e})")
    errs.raise_if_any(ValidationError)
    return len(expressions)


def tracing_info(settings):
    tr = settings["tracing"]
    return {"provider": tr["provider"], "service": tr["service"], "port": int(tr["port"]), "name": f"platform-{tr['provider']}"}


def plan(config):
    """Validate and build everything the monitoring role applies.

    ``config``: environment, settings (overrides of the preset), alerting (Alertmanager routing settings),
    teams (platform_teams), dashboards (name -> JSON text).
    """
    environment = config.get("environment")
    if not isinstance(environment, str) or not environment:
        raise ValidationError([f"monitoring: environment={environment!r}: expected the environment name (platform_environment)"])
    settings = settings_for(environment, config.get("settings"))
    teams = [t for t in (config.get("teams") or []) if isinstance(t, dict) and t.get("name")]
    errs = validate(settings)
    validate_teams(errs, teams, environment)
    try:
        am, keys = alerting.build_config(config.get("alerting") or {}, teams, environment)
    except ValidationError as e:
        errs.extend(e.errors)
        am, keys = None, []
    errs.raise_if_any(ValidationError)
    secret_name = (config.get("alerting") or {}).get("secret_name", alerting.DEFAULTS["secret_name"])
    values = chart_values(settings, {"config": am, "secret_name": secret_name})
    rules = prometheus_rules(settings, teams, environment)
    mons = monitors(settings, teams, environment)
    dashboards = dashboard_configmaps(config.get("dashboards"), settings["namespace"], settings["release_name"])
    objects = rules + mons + dashboards
    return {
        "settings": settings,
        "values": values,
        "alertmanager_config": am,
        "secret_name": secret_name,
        "secret_keys": keys,
        "objects": objects,
        "counts": {"rules": sum(len(g["rules"]) for r in rules for g in r["spec"]["groups"]), "monitors": len(mons), "dashboards": len(dashboards)},
        "promql": [{"where": w, "expr": e} for w, e in promql_expressions(objects)],
        "tracing": tracing_info(settings),
        "values_free_form": list(VALUES_FREE_FORM),
    }
