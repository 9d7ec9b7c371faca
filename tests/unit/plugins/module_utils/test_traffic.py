from __future__ import annotations

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


def test_the_namespace_wide_gateway_netpol_disagrees_with_the_per_service_authz():
    nps, aps = objects()
    e = edges(traffic.flows("payments-local", nps, aps))
    gw = e[("ns:istio-ingress", "svc:fraud-detector")]
    assert gw["netpol"] and gw["authz"] is False and not gw["agree"]
    assert report.edge_verdict(gw) == "NetworkPolicy only"


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
