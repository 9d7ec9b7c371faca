# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import copy
import json

import promql_parser
import pytest

from ansible_collections.platform.runtime.plugins.module_utils import monitoring
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.tests.support.observability import ENVIRONMENTS, dashboards, monitoring_plan

TEAMS = [
    {
        "name": "payments",
        "environments": ["prod", "dev"],
        "alerting": {"slack": {"channel": "#pay"}},
        "services": [{"name": "api", "port": 8080, "metrics": {"port": 9102, "path": "/m", "interval": "15s"}}, {"name": "db", "port": 5432}],
    }
]


def plan(env="prod", **kw):
    return monitoring.plan(dict({"environment": env, "teams": TEAMS, "dashboards": dashboards()}, **kw))


def test_presets():
    prod, dev = plan("prod"), plan("dev")
    assert prod["values"]["prometheus"]["prometheusSpec"]["retention"] == "30d"
    assert dev["values"]["prometheus"]["prometheusSpec"]["retention"] == "7d"
    for p in (prod, dev):
        spec = p["values"]["prometheus"]["prometheusSpec"]
        assert spec["replicas"] == 2 and spec["storageSpec"]["volumeClaimTemplate"]["spec"]["resources"]["requests"]["storage"]
    assert prod["settings"]["alerts"]["http_5xx"]["threshold"] == 0.01 and dev["settings"]["alerts"]["http_5xx"]["threshold"] == 0.05


def test_every_expression_parses_and_counts():
    for env in ENVIRONMENTS:
        p = monitoring_plan(env)
        assert monitoring.check_promql([(x["where"], x["expr"]) for x in p["promql"]], promql_parser.parse) == len(p["promql"])
        rules = sum(1 for x in p["promql"] if x["where"].startswith("PrometheusRule"))
        assert rules == p["counts"]["rules"] == 18 and len(p["promql"]) > rules
        print(f"[{env}] promql-parser: {len(p['promql'])} expressions ({rules} rules, {len(p['promql']) - rules} dashboard queries) parse")


def test_a_typo_names_the_expression_and_the_rule():
    p = plan()
    exprs = [(x["where"], x["expr"]) for x in p["promql"]]
    where, expr = exprs[1]
    exprs[1] = (where, expr.replace("sum by (namespace, pod, container) (", "sum by (namespace, pod, container (", 1))
    with pytest.raises(ValidationError) as e:
        monitoring.check_promql(exprs, promql_parser.parse)
    assert len(e.value.errors) == 1
    msg = e.value.errors[0]
    assert msg.startswith(
        "monitoring: PrometheusRule platform-alerts group platform.workloads rule ContainerCPUNearLimit: 'sum by (namespace, pod, container ("
    )
    assert "not valid PromQL" in msg


def test_a_dashboard_typo_names_the_panel():
    boards = dashboards()
    doc = json.loads(boards["mesh-mtls"])
    doc["panels"][0]["targets"][0]["expr"] = "sum(rate(istio_requests_total[5m])"
    boards["mesh-mtls"] = json.dumps(doc)
    p = plan(dashboards=boards)
    with pytest.raises(ValidationError, match=r"dashboard mesh-mtls.json panel 'Share of requests with mutual TLS' ref A"):
        monitoring.check_promql([(x["where"], x["expr"]) for x in p["promql"]], promql_parser.parse)


def test_team_rules_monitors_and_labels():
    p = plan()
    by_name = {o["metadata"]["name"]: o for o in p["objects"]}
    team = by_name["team-payments"]
    assert team["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    assert all(r["labels"]["team"] == "payments" for r in team["spec"]["groups"][0]["rules"])
    platform_rules = by_name["platform-alerts"]["spec"]["groups"][0]["rules"]
    assert all('namespace!~"payments-prod"' in r["expr"] or 'destination_service_namespace!~"payments-prod"' in r["expr"] for r in platform_rules)
    pm = by_name["payments-api"]
    assert pm["kind"] == "PodMonitor" and pm["spec"]["namespaceSelector"] == {"matchNames": ["payments-prod"]}
    assert pm["spec"]["podMetricsEndpoints"][0]["portNumber"] == 9102 and pm["spec"]["podMetricsEndpoints"][0]["interval"] == "15s"
    assert "payments-db" not in by_name
    assert by_name["istio-envoy"]["kind"] == "PodMonitor" and by_name["istiod"]["kind"] == "ServiceMonitor"
    severities = sorted(r["labels"]["severity"] for r in platform_rules if r["alert"] == "Istio5xxRatioHigh")
    assert severities == ["critical", "warning"]


def test_grafana_admin_never_inline_and_no_secret_in_values():
    p = plan()
    assert p["values"]["grafana"]["admin"] == {"existingSecret": "grafana-admin", "userKey": "admin-user", "passwordKey": "admin-password"}
    with pytest.raises(ValidationError, match=r"grafana.admin_password='<hidden>': expected no inline password"):
        plan(settings={"grafana": {"admin_password": "hunter2"}})
    text = json.dumps(p["values"])
    assert "_file" in text and "hooks.slack" not in text


def test_bad_settings_and_team_fields_reported_together():
    teams = copy.deepcopy(TEAMS)
    teams[0]["services"][0]["metrics"] = {"port": 70000, "path": "metrics", "portname": "x"}
    teams[0]["alerting"] = {"slack": {"channel": "pay"}}
    settings = {"prometheus": {"retention": "7 days", "replicas": 0, "storage_size": "lots"}, "alerts": {"cpu_limit": {"threshold": 80}}}
    with pytest.raises(ValidationError) as e:
        plan(settings=settings, teams=teams)
    msgs = e.value.errors
    for want in (
        "monitoring: prometheus.retention='7 days': expected a Prometheus duration such as 30s, 5m, 7d",
        "monitoring: prometheus.replicas=0: expected an integer >= 1 <= 10",
        "monitoring: alerts.cpu_limit.threshold=80: expected a ratio between 0 and 1 (0.8 = 80%)",
        "monitoring: team 'payments' services[api].metrics.port=70000: expected an integer >= 1 <= 65535",
        "monitoring: team 'payments' services[api].metrics.path='metrics': expected an HTTP path starting with '/'",
        "alerting: team 'payments' alerting.slack.channel='pay': expected a Slack channel such as '#team-alerts'",
    ):
        assert want in msgs, (want, msgs)
    assert any(m.startswith("monitoring: prometheus.storage_size='lots'") for m in msgs)
    assert any("metrics.portname" in m for m in msgs)


def test_dashboards_become_labelled_configmaps_and_bad_json_is_refused():
    p = plan()
    cms = [o for o in p["objects"] if o["kind"] == "ConfigMap"]
    assert sorted(o["metadata"]["name"] for o in cms) == [f"dashboard-{n}" for n in sorted(dashboards())]
    assert all(o["metadata"]["labels"]["grafana_dashboard"] == "1" for o in cms)
    with pytest.raises(ValidationError, match=r"dashboards.broken="):
        plan(dashboards={"broken": "{not json"})


def test_tracing_endpoint_published():
    assert plan()["tracing"] == {
        "provider": "opentelemetry",
        "service": "opentelemetry-collector.monitoring.svc.cluster.local",
        "port": 4317,
        "name": "platform-opentelemetry",
    }
    zipkin = plan(settings={"tracing": {"provider": "zipkin", "service": "zipkin.tracing.svc.cluster.local", "port": 9411}})["tracing"]
    assert zipkin["provider"] == "zipkin" and zipkin["port"] == 9411
