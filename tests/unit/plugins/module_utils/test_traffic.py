from __future__ import annotations

import os

import yaml

from ansible_collections.platform.runtime.plugins.module_utils import onboarding, report
from ansible_collections.platform.runtime.plugins.module_utils.mesh import traffic

TEAM = {
    "name": "payments",
    "owners": ["a@example.com"],
    "groups": {"admin": ["p-admins"], "edit": ["p-devs"], "view": ["p-viewers"]},
    "environments": ["local"],
    "services": [
        {"name": "payment-api", "port": 8080, "expose": True, "calls": ["fraud-detector"]},
        {"name": "fraud-detector", "port": 9090, "calls": ["notification-service"]},
        {"name": "notification-service", "port": 7070},
    ],
}


def objects(team=None):
    settings = onboarding.merge_settings()
    teams = onboarding.validate_teams([team or TEAM], "local", settings)
    objs = onboarding.build_objects(teams, "local", settings)[0]
    nps = [o for o in objs if o["kind"] == "NetworkPolicy"]
    aps = [o for o in objs if o["kind"] == "AuthorizationPolicy"]
    return nps, aps


def edges(graph):
    return {(e["src"], e["dst"]): e for e in graph["edges"]}


def test_the_onboarding_call_graph_is_allowed_by_both_kinds_of_policy():
    nps, aps = objects()
    e = edges(traffic.flows("payments-local", nps, aps))
    for pair in (("svc:payment-api", "svc:fraud-detector"), ("svc:fraud-detector", "svc:notification-service"), ("ns:istio-ingress", "svc:payment-api")):
        assert e[pair]["netpol"] and e[pair]["authz"] and e[pair]["agree"], pair
    # Nothing calls backwards.
    assert ("svc:notification-service", "svc:fraud-detector") not in e
    assert ("svc:fraud-detector", "svc:payment-api") not in e


def test_with_a_call_graph_the_gateway_and_monitoring_reach_only_exposed_and_metrics_services():
    team = dict(TEAM, services=[dict(s) for s in TEAM["services"]])
    team["services"][1]["metrics"] = {"port": 9091}
    nps, aps = objects(team)
    e = edges(traffic.flows("payments-local", nps, aps))
    assert e[("ns:istio-ingress", "svc:payment-api")]["agree"]
    assert e[("ns:monitoring", "svc:fraud-detector")] == {"src": "ns:monitoring", "dst": "svc:fraud-detector", "netpol": True, "authz": True, "agree": True}
    for src, dst in e:
        if src == "ns:istio-ingress":
            assert dst == "svc:payment-api"
        if src == "ns:monitoring":
            assert dst == "svc:fraud-detector"
    assert [k for k, v in e.items() if not v["agree"]] == []


def test_without_a_call_graph_the_namespace_wide_gateway_netpol_stays():
    team = {k: v for k, v in TEAM.items() if k != "services"}
    nps, aps = objects(team)
    assert {p["metadata"]["name"] for p in nps} >= {"allow-from-istio-ingress", "allow-from-monitoring", "allow-same-namespace"}
    e = edges(traffic.flows("payments-local", nps, aps))
    assert e[("ns:istio-ingress", "svc:*")]["netpol"]
    assert report.edge_verdict(e[("ns:monitoring", "svc:*")]) in ("NetworkPolicy only", "allowed by both")


def test_an_authz_rule_without_a_netpol_is_marked_authorization_policy_only():
    nps, aps = objects()
    extra = {
        "apiVersion": "security.istio.io/v1",
        "kind": "AuthorizationPolicy",
        "metadata": {"name": "open", "namespace": "payments-local"},
        "spec": {
            "selector": {"matchLabels": {"app": "payment-api"}},
            "action": "ALLOW",
            "rules": [{"from": [{"source": {"principals": ["cluster.local/ns/payments-local/sa/notification-service"]}}]}],
        },
    }
    e = edges(traffic.flows("payments-local", nps, aps + [extra]))
    edge = e[("svc:notification-service", "svc:payment-api")]
    assert edge == {"src": "svc:notification-service", "dst": "svc:payment-api", "netpol": False, "authz": True, "agree": False}


def test_a_deny_policy_wins_over_allow():
    nps, aps = objects()
    deny = {
        "apiVersion": "security.istio.io/v1",
        "kind": "AuthorizationPolicy",
        "metadata": {"name": "deny-api", "namespace": "payments-local"},
        "spec": {"action": "DENY", "rules": [{"from": [{"source": {"principals": ["cluster.local/ns/payments-local/sa/payment-api"]}}]}]},
    }
    e = edges(traffic.flows("payments-local", nps, aps + [deny]))
    assert e[("svc:payment-api", "svc:fraud-detector")]["authz"] is False


def test_without_a_mesh_only_network_policies_decide():
    nps = objects()[0]
    graph = traffic.flows("payments-local", nps, None)
    assert all(e["authz"] is None and e["agree"] for e in graph["edges"])
    assert ("svc:payment-api", "svc:fraud-detector") in edges(graph)


def test_a_team_without_services_is_one_all_pods_node():
    team = {k: v for k, v in TEAM.items() if k != "services"}
    nps, aps = objects(team)
    graph = traffic.flows("payments-local", nps, aps)
    assert {n["label"] for n in graph["nodes"]} == {"all pods in payments-local", "namespace istio-ingress", "namespace monitoring"}
    assert ("svc:*", "svc:*") in edges(graph)


def test_the_rendered_page_is_self_contained_and_names_every_edge():
    nps, aps = objects()
    cluster = {
        "name": "prod-use1",
        "environment": "prod",
        "kubeconfig": "/k/<x>",
        "context": "",
        "server_version": "v1.34.1",
        "controllers_running": True,
        "components": [{"name": "istio", "namespace": "istio-system", "version": "1.30.3", "status": "ready", "releases": []}],
        "teams": [
            {
                "team": "payments",
                "namespace": "payments-prod",
                "quota": [{"quota": "team-quota", "resource": "pods", "used": "3", "hard": "50"}],
                "pod_security": "restricted",
                "mtls": "STRICT (namespace)",
                "injection": "enabled",
                "receiver": "payments-slack",
                "graph": traffic.flows("payments-prod", nps, aps),
                "policies": {"NetworkPolicy": len(nps), "AuthorizationPolicy": len(aps)},
            }
        ],
        "policy": {"templates": ["k8srequiredlabels"], "by_action": {"deny": ["K8sRequiredLabels/team"]}, "violations": []},
        "access": {"grafana": "port-forward", "gateway": "https://lb"},
        "verify": [{"name": "cluster", "status": "passed", "summary": "ok"}],
    }
    page = report.render([cluster])
    assert page.startswith("<!DOCTYPE html>")
    assert "/k/&lt;x&gt;" in page  # escaped
    assert "http://" not in page.replace("http://www.w3.org", "") and "<link" not in page and "<script" not in page
    if report.HAS_GRAPHVIZ:
        assert page.count("<svg") == 1
        assert 'id="edge&#45;&#45;prod&#45;use1&#45;&#45;payments&#45;prod&#45;&#45;svc_payment&#45;api&#45;&#45;svc_fraud&#45;detector"' in page
    assert "NetworkPolicy only" in page and "STRICT (namespace)" in page and "K8sRequiredLabels/team" in page


def test_authorization_policy_only_edges_are_the_blocked_flows_that_fail_the_report():
    nps, aps = objects()
    closed = [p for p in nps if p["metadata"]["name"] != "svc-fraud-detector"]
    closed.append(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "closed", "namespace": "payments-local"},
            "spec": {"podSelector": {"matchLabels": {"app": "fraud-detector"}}, "policyTypes": ["Ingress"]},
        }
    )
    data = [{"name": "local", "teams": [{"team": "payments", "namespace": "payments-local", "graph": traffic.flows("payments-local", closed, aps)}]}]
    # fraud-detector lost its ingress from payment-api and its egress to notification-service
    assert report.blocked_flows(data) == [
        f"cluster local: team payments: {src} -> {dst} in payments-local: AuthorizationPolicy only (the NetworkPolicies block a flow the"
        " AuthorizationPolicies allow)"
        for src, dst in (("svc:payment-api", "svc:fraud-detector"), ("svc:fraud-detector", "svc:notification-service"))
    ]
    data[0]["teams"][0]["graph"] = traffic.flows("payments-local", nps, aps)
    assert report.blocked_flows(data) == []


def _inventory_payments():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "inventories", "common", "teams.yml")
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("{{ platform_domain }}", "local.example.com").replace("{{ platform_environment }}", "local")
    return next(t for t in yaml.safe_load(text)["platform_teams"] if t["name"] == "payments")


def test_the_inventory_payments_policies_admit_the_gateway_only_to_payment_api_and_monitoring_only_to_metrics_ports():
    team = _inventory_payments()
    nps, aps = objects(team)
    ingress = {}
    for p in nps:
        for rule in p["spec"].get("ingress") or []:
            for peer in rule.get("from") or []:
                ns = ((peer.get("namespaceSelector") or {}).get("matchLabels") or {}).get("kubernetes.io/metadata.name")
                if ns:
                    ingress.setdefault(ns, []).append((p["spec"]["podSelector"], [x["port"] for x in rule.get("ports") or []]))
    metrics = {s["name"]: s["metrics"]["port"] for s in team["services"] if s.get("metrics")}
    assert set(metrics) == {"payment-api", "fraud-detector", "notification-service"}
    assert ingress["istio-ingress"] == [({"matchLabels": {"app": "payment-api"}}, [8080])]
    assert sorted(ingress["monitoring"], key=str) == sorted((({"matchLabels": {"app": n}}, [p]) for n, p in metrics.items()), key=str)
    graph = traffic.flows("payments-local", nps, aps)
    outside = [e for e in graph["edges"] if not e["src"].startswith("svc:")]
    assert {(e["src"], e["dst"]) for e in outside} == {("ns:istio-ingress", "svc:payment-api")} | {("ns:monitoring", f"svc:{n}") for n in metrics}
    assert [e for e in graph["edges"] if not e["agree"]] == []
