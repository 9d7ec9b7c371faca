"""Each analyzer rule: a failing and a passing case; and every inventory's own mesh configuration passes."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.platform.runtime.plugins.filter import cert_manager as cert_manager_filters
from ansible_collections.platform.runtime.plugins.filter import mesh as mesh_filters
from ansible_collections.platform.runtime.plugins.module_utils import cert_manager
from ansible_collections.platform.runtime.plugins.module_utils.mesh import builders as mesh
from ansible_collections.platform.runtime.plugins.module_utils.mesh.analyzer import RULES, analyze
from ansible_collections.platform.runtime.tests.support.inventory import group_vars

MESH_CONFIG = {"extensionProviders": [{"name": "otel-tracing", "opentelemetry": {"service": "otel.monitoring.svc.cluster.local", "port": 4317}}]}
NS = "payments-prod"


def base_objects():
    svcs = [{"name": "payment-api", "port": 8080, "expose": True, "calls": [], "traffic": {"hosts": ["pay.example.com"]}}]
    objs = mesh.team_objects(NS, svcs, "STRICT", gateway_ref="istio-ingress/platform-gateway", gateway_hosts=["pay.example.com"])
    objs += mesh.platform_objects(
        {
            "environment": "prod",
            "tracing_provider": "otel-tracing",
            "mesh_config": MESH_CONFIG,
            "gateway": {"hosts": ["pay.example.com"], "credential_name": "platform-ingress-tls"},
        }
    )
    objs.append(cert_manager.certificate("platform-ingress-tls", "istio-ingress", "platform-ingress-tls", ["pay.example.com"], "letsencrypt-prod"))
    objs.append({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS, "labels": {"istio.io/rev": "prod-stable"}}})
    return objs


CONTEXT = {"mesh_config": MESH_CONFIG, "revisions": ["1-30-3", "prod-stable"], "workloads": {NS: [{"app": "payment-api"}]}}


def find(objs, kind, name=None):
    return next(o for o in objs if o["kind"] == kind and (name is None or o["metadata"]["name"] == name))


def undefined_subset(objs):
    find(objs, "VirtualService")["spec"]["http"][0]["route"][0]["destination"]["subset"] = "blue"


def missing_gateway(objs):
    find(objs, "VirtualService")["spec"]["gateways"] = ["mesh", "istio-ingress/other-gateway"]


def unserved_host(objs):
    find(objs, "VirtualService")["spec"]["hosts"].append("shop.example.com")


def missing_credential(objs):
    objs.remove(find(objs, "Certificate"))


def selector_matches_nothing(objs):
    find(objs, "AuthorizationPolicy", "svc-payment-api")["spec"]["selector"] = {"matchLabels": {"app": "payment-apii"}}


def two_namespace_peer_authentications(objs):
    extra = mesh.peer_authentication(NS, "PERMISSIVE", name="legacy")
    objs.append(extra)


def unknown_tracing_provider(objs):
    find(objs, "Telemetry")["spec"]["tracing"][0]["providers"] = [{"name": "zipkin"}]


def unserved_revision(objs):
    find(objs, "Namespace")["metadata"]["labels"]["istio.io/rev"] = "1-29-0"


CASES = [
    ("MESH001", undefined_subset, "routes to subset 'blue' of payment-api.payments-prod.svc.cluster.local"),
    ("MESH002", missing_gateway, "bound to Gateway istio-ingress/other-gateway, which does not exist"),
    ("MESH003", unserved_host, "host 'shop.example.com' is not served by Gateway istio-ingress/platform-gateway"),
    ("MESH004", missing_credential, "credentialName 'platform-ingress-tls' has no Certificate"),
    ("MESH005", selector_matches_nothing, "selector {'app': 'payment-apii'} matches no workload in payments-prod"),
    ("MESH006", two_namespace_peer_authentications, "2 PeerAuthentications without a selector in payments-prod"),
    ("MESH007", unknown_tracing_provider, "tracing provider 'zipkin' is not in meshConfig.extensionProviders"),
    ("MESH008", unserved_revision, "istio.io/rev=1-29-0 but no istiod serves that revision or tag"),
]


def test_every_rule_has_a_case():
    assert sorted(c[0] for c in CASES) == sorted(RULES)


def test_the_valid_configuration_passes():
    assert analyze(base_objects(), CONTEXT) == []


@pytest.mark.parametrize("code, breaks, reason", CASES, ids=[c[0] for c in CASES])
def test_rule_fails_on_its_problem_only(code, breaks, reason):
    objs = copy.deepcopy(base_objects())
    breaks(objs)
    findings = analyze(objs, CONTEXT)
    assert [f["code"] for f in findings] == [code], findings
    assert reason in findings[0]["reason"] and findings[0]["severity"] == RULES[code][0]
    assert findings[0]["object"].count("/") >= 1


def test_a_secret_satisfies_the_credential_rule():
    objs = [o for o in base_objects() if o["kind"] != "Certificate"]
    assert analyze(objs, dict(CONTEXT, secrets=[["istio-ingress", "platform-ingress-tls"]])) == []
    assert analyze(objs + [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "platform-ingress-tls", "namespace": "istio-ingress"}}], CONTEXT) == []


def test_wildcard_gateway_host_serves_subdomains_and_short_hosts_resolve():
    objs = base_objects()
    find(objs, "Gateway")["spec"]["servers"][1]["hosts"] = ["*.example.com"]
    find(objs, "Gateway")["spec"]["servers"][0]["hosts"] = ["*.example.com"]
    find(objs, "VirtualService")["spec"]["http"][0]["route"][0]["destination"]["host"] = "payment-api"
    assert analyze(objs, CONTEXT) == []


def test_filter_summary_counts_errors_and_warnings():
    objs = copy.deepcopy(base_objects())
    selector_matches_nothing(objs)
    unserved_revision(objs)
    out = mesh_filters.mesh_analyze(objs, CONTEXT)
    assert (out["errors"], out["warnings"]) == (1, 1) and out["lines"][0].startswith("ERROR MESH008 Namespace/payments-prod:")


@pytest.mark.parametrize("env", ["local", "dev", "staging", "prod"])
def test_each_inventory_mesh_configuration_has_zero_errors(env):
    """What the istio role builds and analyzes from the inventory (roles/istio/tasks/plan.yml), in Python."""
    inv = group_vars(env)
    cfg = {
        "environment": env,
        "revisions": inv.get("istio_revisions"),
        "revision_tags": inv.get("istio_revision_tags"),
        "injection": inv.get("platform_istio_revision"),
    }
    plan = mesh_filters.istio_plan(cfg)
    hosts = inv["istio_gateway_hosts"]
    platform = mesh_filters.istio_platform_objects(
        {
            "environment": env,
            "tracing_provider": "otel-tracing",
            "mesh_config": MESH_CONFIG,
            "gateway": {"hosts": hosts, "credential_name": "platform-ingress-tls"},
        }
    )
    cert = cert_manager_filters.cert_manager_certificate(
        {
            "name": "platform-ingress-tls",
            "namespace": "istio-ingress",
            "secret_name": "platform-ingress-tls",
            "dns_names": hosts,
            "issuer": "letsencrypt-staging",
        }
    )
    settings = {
        "environments": inv.get("platform_onboarding_environments"),
        "network": inv.get("platform_onboarding_network"),
        "istio_revision": plan["injection_label"],
        "gateway_ref": "istio-ingress/platform-gateway",
        "gateway_hosts": hosts,
    }
    teams = mesh_filters.istio_team_objects(inv["platform_teams"], env, settings)
    kinds = sorted({o["kind"] for o in teams})
    assert {"VirtualService", "DestinationRule", "AuthorizationPolicy", "Namespace"} <= set(kinds)
    workloads = mesh_filters.istio_team_workloads(inv["platform_teams"], env)
    workloads["istio-ingress"] = [{"istio": "ingress", "app": "istio-ingress"}]
    out = mesh_filters.mesh_analyze(platform + [cert] + teams, {"mesh_config": MESH_CONFIG, "revisions": plan["served_revisions"], "workloads": workloads})
    assert out["errors"] == 0 and out["warnings"] == 0, out["lines"]
