from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import cert_manager
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.mesh import builders as mesh

MESH_CONFIG = {"extensionProviders": [{"name": "otel-tracing", "opentelemetry": {"service": "otel.monitoring.svc.cluster.local", "port": 4317}}]}


def releases(plan):
    return {r["metadata"]["name"]: r["spec"] for r in plan["releases"]}


def test_three_releases_in_order_with_pins_timeout_rollback_and_release_images():
    plan = mesh.istio_plan({"environment": "local"})
    rel = releases(plan)
    assert list(rel) == ["istio-base", "istiod", "istio-ingress"]
    assert rel["istiod"]["dependsOn"] == [{"name": "istio-base"}] and rel["istio-ingress"]["dependsOn"] == [{"name": "istiod"}]
    assert rel["istio-ingress"]["targetNamespace"] == "istio-ingress" and rel["istiod"]["targetNamespace"] == "istio-system"
    for spec in rel.values():
        assert spec["chart"]["spec"]["version"] == "1.30.3" and spec["timeout"] == "180s"
        assert spec["upgrade"]["remediation"]["strategy"] == "rollback" and spec["install"]["remediation"]["retries"] == 3
    for name in ("istiod", "istio-ingress"):
        assert rel[name]["values"]["global"] == {"hub": "docker.io/istio", "tag": "1.30.3"}
    ingress_ns = [n for n in plan["namespaces"] if n["metadata"]["name"] == "istio-ingress"][0]
    assert "istio-injection" not in ingress_ns["metadata"]["labels"]
    assert plan["injection_label"] == "" and plan["served_revisions"] == ["default"]


@pytest.mark.parametrize(
    "env, preset, service_type, requests, scale",
    [
        ("local", "dev", "ClusterIP", {"cpu": "25m", "memory": "64Mi"}, (1, 1)),
        ("dev", "dev", "NodePort", {"cpu": "25m", "memory": "64Mi"}, (1, 1)),
        ("staging", "standard", "LoadBalancer", {"cpu": "500m", "memory": "512Mi"}, (2, 5)),
        ("prod", "ha", "LoadBalancer", {"cpu": "1000m", "memory": "1Gi"}, (3, 10)),
    ],
)
def test_environment_presets(env, preset, service_type, requests, scale):
    plan = mesh.istio_plan({"environment": env})
    rel = releases(plan)
    istiod, gw = rel["istiod"]["values"], rel["istio-ingress"]["values"]
    assert plan["preset"] == preset and gw["service"]["type"] == service_type
    assert istiod["resources"]["requests"] == requests and (istiod["autoscaleMin"], istiod["autoscaleMax"]) == scale
    assert (gw["autoscaling"]["minReplicas"], gw["autoscaling"]["maxReplicas"]) == scale
    assert ("podDisruptionBudget" in gw) == (scale[0] > 1)


def test_enterprise_preset_and_explicit_overrides():
    plan = mesh.istio_plan({"environment": "prod", "preset": "enterprise", "sizing": {"limits": {"memory": "20Gi"}, "max": 12}})
    istiod = releases(plan)["istiod"]["values"]
    assert istiod["resources"] == {"requests": {"cpu": "2000m", "memory": "4Gi"}, "limits": {"cpu": "8000m", "memory": "20Gi"}}
    assert istiod["autoscaleMax"] == 12 and istiod["autoscaleMin"] == 3


def test_kind_node_ports():
    gw = releases(mesh.istio_plan({"environment": "dev", "node_ports": {"http": 30080, "https": 30443}}))["istio-ingress"]["values"]
    assert [p.get("nodePort") for p in gw["service"]["ports"]] == [None, 30080, 30443]


@pytest.mark.parametrize(
    "cfg, message",
    [
        ({"istiod_values": {"pilot": {"autoscaleMin": 2}}}, "istiod values: pilot.autoscaleMin=2: expected the top-level key 'autoscaleMin' instead"),
        ({"istiod_values": {"pilot": {"hub": "x"}}}, "expected the top-level key 'global.hub (or hub)'"),
        ({"preset": "huge"}, "preset='huge': expected one of dev, standard, ha, enterprise"),
        ({"sizing": {"requests": {"cpu": "lots"}}}, "sizing.requests.cpu='lots': expected a Kubernetes quantity"),
        ({"sizing": {"min": 4, "max": 2}}, "sizing.max=2: expected at least sizing.min (4)"),
        ({"service_type": "External"}, "service_type='External': expected one of LoadBalancer, NodePort, ClusterIP"),
        ({"version": "1.30"}, "version='1.30': expected an exact version"),
        ({"timeout": "180"}, "timeout='180': expected a duration with a unit"),
        (
            {"revisions": [{"name": "a"}, {"name": "b", "version": "1.31.0"}], "revision_tags": {"stable": "c"}},
            "revision_tags.stable='c': expected one of a, b",
        ),
        ({"revisions": [{"name": "a", "version": "1.30.3"}], "remove_revisions": ["a"]}, "remove_revisions[0]='a': expected a revision no longer listed"),
        ({"revisions": [{"name": "b", "version": "1.31.0"}], "revision_tags": {"s": "b"}, "remove_revisions": ["b"]}, "expected a revision no longer listed"),
        ({"revisions": [{"name": "a", "version": "1.30.3"}], "injection": "zzz"}, "injection='zzz': expected a revision or tag that an istiod serves (a)"),
    ],
)
def test_bad_control_plane_input_is_refused(cfg, message):
    with pytest.raises(ValidationError) as e:
        mesh.istio_plan(dict(cfg, environment="prod"))
    assert message in str(e.value)


def test_canary_revisions_tags_and_removal_plan():
    old = {"name": "1-30-3", "version": "1.30.3"}
    new = {"name": "1-31-0", "version": "1.31.0"}
    step1 = mesh.istio_plan({"environment": "prod", "revisions": [old], "revision_tags": {"prod-stable": "1-30-3"}})
    assert releases(step1)["istiod-1-30-3"]["values"]["revisionTags"] == ["prod-stable"] and step1["injection_label"] == "prod-stable"
    step2 = mesh.istio_plan({"environment": "prod", "revisions": [old, new], "revision_tags": {"prod-stable": "1-30-3"}})
    rel = releases(step2)
    assert list(rel) == ["istio-base", "istiod-1-30-3", "istiod-1-31-0", "istio-ingress"]
    assert rel["istiod-1-31-0"]["values"]["revision"] == "1-31-0" and "revisionTags" not in rel["istiod-1-31-0"]["values"]
    assert rel["istiod-1-31-0"]["values"]["global"]["tag"] == "1.31.0"
    step3 = mesh.istio_plan({"environment": "prod", "revisions": [old, new], "revision_tags": {"prod-stable": "1-31-0"}})
    rel = releases(step3)
    assert "revisionTags" not in rel["istiod-1-30-3"]["values"] and rel["istiod-1-31-0"]["values"]["revisionTags"] == ["prod-stable"]
    assert rel["istio-ingress"]["values"]["revision"] == "prod-stable"
    step4 = mesh.istio_plan({"environment": "prod", "revisions": [new], "revision_tags": {"prod-stable": "1-31-0"}, "remove_revisions": ["1-30-3"]})
    assert [r["metadata"]["name"] for r in step4["remove"]] == ["istiod-1-30-3"] and "istiod-1-30-3" not in releases(step4)
    assert step4["served_revisions"] == ["1-31-0", "prod-stable"]


def test_peer_authentication_modes_and_explicit_port_exceptions():
    assert mesh.peer_authentication("istio-system", "STRICT")["spec"] == {"mtls": {"mode": "STRICT"}}
    pa = mesh.peer_authentication("team", "STRICT", name="metrics", selector={"app": "x"}, port_modes={9090: "PERMISSIVE"})
    assert pa["spec"]["portLevelMtls"] == {"9090": {"mode": "PERMISSIVE"}}
    with pytest.raises(ValidationError, match=r"mtls.mode='strict': expected one of STRICT, PERMISSIVE, DISABLE, UNSET"):
        mesh.peer_authentication("team", "strict")
    with pytest.raises(ValidationError, match="expected a selector as well"):
        mesh.peer_authentication("team", "STRICT", port_modes={9090: "PERMISSIVE"})


@pytest.mark.parametrize("env, mode", [("local", "PERMISSIVE"), ("dev", "PERMISSIVE"), ("staging", "STRICT"), ("prod", "STRICT")])
def test_mesh_wide_mtls_per_environment(env, mode):
    objs = mesh.platform_objects({"environment": env})
    assert objs[0]["kind"] == "PeerAuthentication" and objs[0]["metadata"]["namespace"] == "istio-system" and objs[0]["spec"]["mtls"]["mode"] == mode


def test_jwt_objects_require_a_principal_and_never_carry_keys():
    rules = [{"issuer": "https://idp.example.com", "jwks_uri": "https://idp.example.com/jwks.json", "audiences": ["pay"], "forward_original_token": True}]
    ra, ap = mesh.jwt_objects([{"name": "api", "rules": rules}])
    assert ra["spec"] == {
        "selector": {"matchLabels": {"istio": "ingress"}},
        "jwtRules": [{"issuer": "https://idp.example.com", "jwksUri": "https://idp.example.com/jwks.json", "audiences": ["pay"], "forwardOriginalToken": True}],
    }
    assert ap["spec"]["rules"] == [{"from": [{"source": {"requestPrincipals": ["https://idp.example.com/*"]}}]}] and ap["spec"]["action"] == "ALLOW"
    with pytest.raises(ValidationError) as e:
        mesh.jwt_objects([{"name": "api", "rules": [dict(rules[0], jwks='{"keys": ["SECRETKEY"]}')]}])
    assert "jwt_rules[0].jwks='(hidden)': expected no inline keys" in str(e.value) and "SECRETKEY" not in str(e.value)
    with pytest.raises(ValidationError, match="jwks_uri='http://idp': expected a URL"):
        mesh.jwt_objects([{"name": "api", "rules": [{"issuer": "i", "jwks_uri": "http://idp"}]}])


def test_telemetry_provider_must_exist_and_sampling_defaults_to_ten_percent():
    tel = mesh.platform_objects(
        {
            "environment": "prod",
            "tracing_provider": "otel-tracing",
            "mesh_config": MESH_CONFIG,
            "tag_overrides": {"REQUEST_COUNT": {"team": "x", "grpc_response_status": None}},
        }
    )[1]
    assert tel["apiVersion"] == "telemetry.istio.io/v1"
    assert tel["spec"]["tracing"] == [{"providers": [{"name": "otel-tracing"}], "randomSamplingPercentage": 10.0}]
    assert tel["spec"]["metrics"][0]["overrides"][0]["tagOverrides"] == {
        "team": {"operation": "UPSERT", "value": "x"},
        "grpc_response_status": {"operation": "REMOVE"},
    }
    with pytest.raises(ValidationError, match="tracing_provider='zipkin': expected one of otel-tracing"):
        mesh.telemetry("istio-system", "zipkin", mesh_config=MESH_CONFIG)
    with pytest.raises(ValidationError, match="sampling=150: expected a percentage"):
        mesh.telemetry("istio-system", "otel-tracing", 150, MESH_CONFIG)


def test_gateway_https_hosts_and_redirect():
    gw = mesh.gateway("platform-gateway", "istio-ingress", ["a.example.com", "*.b.example.com"], "tls")
    http, https = gw["spec"]["servers"]
    assert gw["spec"]["selector"] == {"istio": "ingress"} and gw["apiVersion"] == "networking.istio.io/v1"
    assert http["tls"] == {"httpsRedirect": True} and http["port"]["number"] == 80
    assert https["tls"] == {"mode": "SIMPLE", "credentialName": "tls"} and https["hosts"] == ["a.example.com", "*.b.example.com"]
    with pytest.raises(ValidationError, match="hosts='Bad_Host': expected DNS names"):
        mesh.gateway("g", "istio-ingress", ["Bad_Host"], "tls")


SERVICES = [
    {"name": "payment-api", "port": 8080, "expose": True, "calls": ["fraud-detector"], "traffic": {"hosts": ["pay.example.com"]}},
    {"name": "fraud-detector", "port": 9090, "calls": []},
]


def test_team_objects_deny_all_call_graph_ingress_and_default_traffic():
    objs = mesh.team_objects("payments-prod", SERVICES, mtls="STRICT", gateway_ref="istio-ingress/platform-gateway", gateway_hosts=["pay.example.com"])
    by = {(o["kind"], o["metadata"]["name"]): o["spec"] for o in objs}
    assert by[("AuthorizationPolicy", "deny-all")] == {}
    assert by[("AuthorizationPolicy", "svc-fraud-detector")]["rules"][0]["from"] == [
        {"source": {"principals": ["cluster.local/ns/payments-prod/sa/payment-api"]}}
    ]
    assert by[("AuthorizationPolicy", "svc-payment-api")]["rules"] == [
        {"from": [{"source": {"namespaces": ["istio-ingress"]}}], "to": [{"operation": {"ports": ["8080"]}}]}
    ]
    vs = by[("VirtualService", "payment-api")]
    host = "payment-api.payments-prod.svc.cluster.local"
    assert vs["hosts"] == [host, "pay.example.com"] and vs["gateways"] == ["mesh", "istio-ingress/platform-gateway"]
    route = vs["http"][0]
    assert [(d["destination"]["subset"], d["weight"]) for d in route["route"]] == [("stable", 90), ("canary", 10)]
    assert route["timeout"] == "10s" and route["retries"] == {"attempts": 3, "perTryTimeout": "2s", "retryOn": "5xx,connect-failure"}
    dr = by[("DestinationRule", "payment-api")]
    assert dr["trafficPolicy"] == {
        "connectionPool": {"tcp": {"maxConnections": 100}},
        "outlierDetection": {"consecutive5xxErrors": 5, "interval": "30s", "baseEjectionTime": "30s", "maxEjectionPercent": 50},
    }
    assert [s["name"] for s in dr["subsets"]] == ["canary", "stable"]
    assert ("VirtualService", "fraud-detector") not in by


@pytest.mark.parametrize(
    "traffic, message",
    [
        ({"routes": [{"subset": "stable", "weight": 80}, {"subset": "canary", "weight": 10}]}, "routes[*].weight=[80, 10]: expected weights that sum to 100"),
        ({"routes": [{"subset": "stable", "weight": 110}, {"subset": "canary", "weight": -10}]}, "routes[0].weight=110: expected an integer >= 0 <= 100"),
        ({"routes": [{"subset": "blue", "weight": 100}]}, "routes[0].subset='blue': expected a subset defined in subsets (canary, stable)"),
        ({"timeout": "10"}, "timeout='10': expected a duration with a unit"),
        ({"retries": {"attempts": -1, "per_try_timeout": "2s", "retry_on": "5xx"}}, "retries.attempts=-1: expected an integer >= 0"),
        ({"retries": {"attempts": 3, "per_try_timeout": "2", "retry_on": "5xx"}}, "retries.per_try_timeout='2': expected a duration"),
        ({"hosts": ["other.example.com"]}, "hosts='other.example.com': expected a host the ingress Gateway serves (pay.example.com)"),
        ({"weights": [90, 10]}, "weights=[90, 10]: expected a known field"),
        (
            {"outlier_detection": {"consecutive_5xx_errors": 5, "interval": "30", "base_ejection_time": "30s", "max_ejection_percent": 150}},
            "outlier_detection.interval='30'",
        ),
    ],
)
def test_bad_traffic_is_refused_with_field_value_and_expectation(traffic, message):
    with pytest.raises(ValidationError) as e:
        mesh.normalize_traffic("payment-api", traffic, ["pay.example.com"], expose=True)
    assert message in str(e.value) and str(e.value).startswith("service 'payment-api' traffic: ")


def test_public_hosts_need_expose():
    with pytest.raises(ValidationError, match="hosts=\\['pay.example.com'\\]: expected no public hosts: the service is not marked expose"):
        mesh.normalize_traffic("x", {"hosts": ["pay.example.com"]}, ["pay.example.com"], expose=False)


def test_cert_manager_plan_issuers_and_certificate():
    plan = cert_manager.cert_manager_plan({"acme_email": "platform@example.com"})
    rel = plan["releases"][0]["spec"]
    assert rel["values"]["crds"] == {"enabled": True, "keep": True} and rel["chart"]["spec"]["version"] == "1.21.1" and rel["targetNamespace"] == "cert-manager"
    issuers = {i["metadata"]["name"]: i["spec"]["acme"] for i in plan["issuers"]}
    assert issuers["letsencrypt-prod"]["server"] == "https://acme-v02.api.letsencrypt.org/directory"
    assert (
        issuers["letsencrypt-staging"]["solvers"] == [{"http01": {"ingress": {"class": "istio"}}}]
        and issuers["letsencrypt-staging"]["email"] == "platform@example.com"
    )
    cert = cert_manager.certificate("tls", "istio-ingress", "tls", ["a.example.com"], "letsencrypt-prod")
    assert cert["spec"]["secretName"] == "tls" and cert["spec"]["issuerRef"]["name"] == "letsencrypt-prod"
    with pytest.raises(ValidationError, match="acme_email='': expected an e-mail address"):
        cert_manager.cert_manager_plan({"acme_email": ""})
    with pytest.raises(ValidationError, match="dns_names='\\*.example.com': expected no wildcard names"):
        cert_manager.certificate("tls", "istio-ingress", "tls", ["*.example.com"], "letsencrypt-prod")
    with pytest.raises(ValidationError, match="values.crds.enabled"):
        cert_manager.cert_manager_plan({"acme_email": "a@b.io", "values": {"crds": {"enabled": False}}})
