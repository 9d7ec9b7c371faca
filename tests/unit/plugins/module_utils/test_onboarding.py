from __future__ import annotations

from decimal import Decimal

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob

SETTINGS = ob.merge_settings()


def team(**extra):
    spec = {
        "name": "backend",
        "owners": ["lead@example.com"],
        "groups": {"admin": ["backend-admins"], "edit": ["backend-developers"], "view": ["backend-viewers"]},
    }
    spec.update(extra)
    return spec


PAYMENTS = team(
    name="payments",
    groups={"edit": ["payments-developers"]},
    services=[
        {"name": "payment-api", "port": 8080, "expose": True, "calls": ["fraud-detector"]},
        {"name": "fraud-detector", "port": 9090, "calls": ["notification-service"]},
        {"name": "notification-service", "port": 7070},
    ],
    gitops={"url": "https://git.example.com/payments.git", "path": "./prod"},
)


def build(spec, env="dev", settings=None, **kw):
    settings = settings or SETTINGS
    teams = ob.validate_teams([spec], env, settings)
    return ob.build_team(teams[0], env, settings, **kw)


def by(objs, kind, name):
    found = [o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, (kind, name, [(o["kind"], o["metadata"]["name"]) for o in objs])
    return found[0]


@pytest.mark.parametrize(
    "text, value",
    [
        ("500m", Decimal("0.5")),
        ("2", 2),
        ("4Gi", 4 * 2**30),
        ("1.5", Decimal("1.5")),
        ("128Mi", 128 * 2**20),
        ("1e3", 1000),
        ("1k", 1000),
        (10, 10),
        ("0", 0),
    ],
)
def test_parse_quantity(text, value):
    assert ob.parse_quantity(text) == value


@pytest.mark.parametrize("text", ["ten", "", "1.2.3", "-1", "4GB", "Gi", "1 Gi", None, True, "0x10"])
def test_parse_quantity_rejects(text):
    with pytest.raises(ValueError):
        ob.parse_quantity(text)


def test_default_objects_for_a_team():
    objs = build(team(cost_center="cc-1", contacts=["#be"], labels={"tier": "web"}))
    kinds = [o["kind"] for o in objs]
    assert kinds.count("NetworkPolicy") == 5 and kinds.count("RoleBinding") == 3 and kinds.count("ServiceAccount") == 2 and len(objs) == 14
    # Zero trust in the mesh too: every team namespace gets a deny-all AuthorizationPolicy, services or not.
    assert [o["metadata"]["name"] for o in objs if o["kind"] == "AuthorizationPolicy"] == ["deny-all"]
    assert kinds[0] == "Namespace"
    ns = objs[0]["metadata"]
    assert ns["name"] == "backend-dev"
    assert ns["labels"] == {
        "tier": "web",
        "app.kubernetes.io/managed-by": "platform.runtime",
        "platform.runtime/team": "backend",
        "platform.runtime/environment": "dev",
        "team": "backend",
        "environment": "dev",
        "cost-center": "cc-1",
        "istio-injection": "enabled",
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/audit": "baseline",
        "pod-security.kubernetes.io/warn": "baseline",
    }
    assert ns["annotations"] == {"platform.runtime/owners": "lead@example.com", "platform.runtime/contacts": "#be"}
    for o in objs[1:]:
        assert o["metadata"]["namespace"] == "backend-dev"
        assert o["metadata"]["labels"]["platform.runtime/team"] == "backend"
    assert all(o["kind"] not in ("ClusterRole", "ClusterRoleBinding", "Role") for o in objs)
    assert by(objs, "ServiceAccount", "default")["automountServiceAccountToken"] is False
    edit = by(objs, "RoleBinding", "team-edit")
    assert edit["roleRef"]["name"] == "platform-tenant-edit"
    assert edit["subjects"][-1] == {"kind": "ServiceAccount", "name": "deployer", "namespace": "backend-dev"}


def test_prod_is_stricter():
    objs = build(team(), env="prod")
    labels = objs[0]["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    hard = by(objs, "ResourceQuota", "team-quota")["spec"]["hard"]
    assert hard["services.loadbalancers"] == "4"
    assert by(objs, "PeerAuthentication", "default")["spec"] == {"mtls": {"mode": "STRICT"}}
    dev_hard = by(build(team()), "ResourceQuota", "team-quota")["spec"]["hard"]
    assert dev_hard["services.loadbalancers"] == "0"
    assert not [o for o in build(team()) if o["kind"] == "PeerAuthentication"]


def test_istio_revision_and_no_injection():
    s = ob.merge_settings(istio_revision="1-22")
    labels = build(team(), settings=s)[0]["metadata"]["labels"]
    assert labels["istio.io/rev"] == "1-22" and "istio-injection" not in labels
    labels = build(team(), settings=ob.merge_settings(mesh_injection=False))[0]["metadata"]["labels"]
    assert "istio.io/rev" not in labels and "istio-injection" not in labels


def test_cli_overrides_and_explicit_namespace():
    objs = build(team(namespace={"staging": "app-team-1"}, quota={"cpu": "10", "memory": "20Gi", "pods": 100}), env="staging")
    assert objs[0]["metadata"]["name"] == "app-team-1"
    hard = by(objs, "ResourceQuota", "team-quota")["spec"]["hard"]
    assert (hard["requests.cpu"], hard["limits.cpu"], hard["requests.memory"], hard["limits.memory"], hard["pods"]) == (
        "10",
        "10",
        "20Gi",
        "20Gi",
        "100",
    )
    assert hard["services"] == "20"  # the rest from the staging default preset (medium)
    assert build(team(namespace="shared"), env="dev")[0]["metadata"]["name"] == "shared"


def test_quota_size_per_environment_and_presets():
    spec = team(quota_size={"prod": "small"})
    assert by(build(spec, env="prod"), "ResourceQuota", "team-quota")["spec"]["hard"]["limits.cpu"] == "4"
    s = ob.merge_settings(presets={"small": {"quota": {"pods": 30}}}, environments={"dev": {"pod_security": "restricted"}})
    objs = build(team(), settings=s)
    assert by(objs, "ResourceQuota", "team-quota")["spec"]["hard"]["pods"] == "30"
    assert objs[0]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_limit_range_consistent_with_quota():
    for size in ("small", "medium", "large"):
        preset = ob.DEFAULT_PRESETS[size]
        assert ob.check_sizes("t", preset["quota"], preset["limits"]) == []
    lr = by(build(team()), "LimitRange", "team-limits")["spec"]["limits"][0]
    assert lr == {
        "type": "Container",
        "default": {"cpu": "500m", "memory": "512Mi"},
        "defaultRequest": {"cpu": "100m", "memory": "128Mi"},
        "max": {"cpu": "1", "memory": "2Gi"},
    }


def test_network_policies_exact():
    objs = build(team(egress_cidrs=["10.20.0.0/16", "2001:db8::/32"]))
    nps = {o["metadata"]["name"]: o["spec"] for o in objs if o["kind"] == "NetworkPolicy"}
    assert set(nps) == {
        "default-deny-all",
        "allow-same-namespace",
        "allow-from-istio-ingress",
        "allow-from-monitoring",
        "allow-egress-dns-istiod",
        "allow-egress-cidrs",
    }
    assert nps["default-deny-all"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    assert nps["allow-from-monitoring"]["ingress"] == [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}]}]
    dns, istiod = nps["allow-egress-dns-istiod"]["egress"]
    assert dns["ports"] == [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]
    assert dns["to"] == [
        {
            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
        }
    ]
    assert istiod["ports"] == [{"protocol": "TCP", "port": 15012}, {"protocol": "TCP", "port": 15017}]
    assert nps["allow-egress-cidrs"]["egress"] == [{"to": [{"ipBlock": {"cidr": "10.20.0.0/16"}}, {"ipBlock": {"cidr": "2001:db8::/32"}}]}]


def test_call_graph():
    objs = build(PAYMENTS, env="prod")
    nps = {o["metadata"]["name"]: o["spec"] for o in objs if o["kind"] == "NetworkPolicy"}
    assert "allow-same-namespace" not in nps
    api = nps["svc-payment-api"]
    assert api["podSelector"] == {"matchLabels": {"app": "payment-api"}}
    assert api["ingress"] == [
        {
            "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-ingress"}}}],
            "ports": [{"protocol": "TCP", "port": 8080}],
        }
    ]
    assert api["egress"][0] == {
        "to": [{"podSelector": {"matchLabels": {"app": "fraud-detector"}}}],
        "ports": [{"protocol": "TCP", "port": 9090}],
    }
    assert api["egress"][1:] == ob.platform_egress_rules(ob.merge_settings())
    assert nps["svc-notification-service"]["egress"] == ob.platform_egress_rules(ob.merge_settings())
    aps = {o["metadata"]["name"]: o["spec"] for o in objs if o["kind"] == "AuthorizationPolicy"}
    assert aps["svc-fraud-detector"]["rules"] == [
        {
            "from": [{"source": {"principals": ["cluster.local/ns/payments-prod/sa/payment-api"]}}],
            "to": [{"operation": {"ports": ["9090"]}}],
        }
    ]
    assert aps["svc-payment-api"]["rules"] == [{"from": [{"source": {"namespaces": ["istio-ingress"]}}], "to": [{"operation": {"ports": ["8080"]}}]}]
    sas = sorted(o["metadata"]["name"] for o in objs if o["kind"] == "ServiceAccount")
    assert sas == ["default", "deployer", "fraud-detector", "notification-service", "payment-api"]
    ks = by(objs, "Kustomization", "payments")["spec"]
    assert (
        ks["serviceAccountName"] == "deployer" and ks["targetNamespace"] == "payments-prod" and ks["sourceRef"] == {"kind": "GitRepository", "name": "payments"}
    )
    bare = build(PAYMENTS, env="prod", istio=False, flux=False)
    assert not [o for o in bare if o["apiVersion"].startswith(("security.istio.io", "source.toolkit", "kustomize.toolkit"))]


def _ns_from(ns):
    return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": ns}}}


def test_call_graph_admits_the_gateway_only_to_exposed_services_and_monitoring_only_to_metrics_ports():
    spec = dict(PAYMENTS, services=[dict(s) for s in PAYMENTS["services"]])
    spec["services"][0]["metrics"] = {"port": "9102", "path": "/metrics"}
    spec["services"][1]["metrics"] = {"port": 9091}
    objs = build(spec, env="prod")
    nps = {o["metadata"]["name"]: o["spec"] for o in objs if o["kind"] == "NetworkPolicy"}
    # No namespace-wide allow is left: policies add up, so one would open every pod to the gateway or to monitoring.
    assert set(nps) == {"default-deny-all", "allow-egress-dns-istiod", "svc-payment-api", "svc-fraud-detector", "svc-notification-service"}
    froms = {name: [(r["from"], r["ports"]) for r in spec_["ingress"]] for name, spec_ in nps.items() if name.startswith("svc-")}
    port = [{"protocol": "TCP", "port": 8080}]
    assert froms["svc-payment-api"] == [([_ns_from("istio-ingress")], port), ([_ns_from("monitoring")], [{"protocol": "TCP", "port": 9102}])]
    assert froms["svc-fraud-detector"] == [
        ([{"podSelector": {"matchLabels": {"app": "payment-api"}}}], [{"protocol": "TCP", "port": 9090}]),
        ([_ns_from("monitoring")], [{"protocol": "TCP", "port": 9091}]),
    ]
    assert froms["svc-notification-service"] == [([{"podSelector": {"matchLabels": {"app": "fraud-detector"}}}], [{"protocol": "TCP", "port": 7070}])]
    aps = {o["metadata"]["name"]: o["spec"] for o in objs if o["kind"] == "AuthorizationPolicy"}
    assert aps["svc-payment-api"]["rules"] == [
        {"from": [{"source": {"namespaces": ["istio-ingress"]}}], "to": [{"operation": {"ports": ["8080"]}}]},
        {"from": [{"source": {"namespaces": ["monitoring"]}}], "to": [{"operation": {"ports": ["9102"]}}]},
    ]
    assert aps["svc-notification-service"]["rules"] == [
        {"from": [{"source": {"principals": ["cluster.local/ns/payments-prod/sa/fraud-detector"]}}], "to": [{"operation": {"ports": ["7070"]}}]}
    ]


def test_a_custom_monitoring_namespace_is_the_one_admitted():
    spec = team(services=[{"name": "api", "port": 80, "metrics": {"port": 9000}}])
    objs = build(spec, env="prod", settings=ob.merge_settings(network={"monitoring_namespace": "observability"}))
    assert by(objs, "NetworkPolicy", "svc-api")["spec"]["ingress"] == [{"from": [_ns_from("observability")], "ports": [{"protocol": "TCP", "port": 9000}]}]
    assert by(objs, "AuthorizationPolicy", "svc-api")["spec"]["rules"][0]["from"] == [{"source": {"namespaces": ["observability"]}}]


def test_without_a_call_graph_the_namespace_wide_rules_stay():
    nps = {o["metadata"]["name"]: o["spec"] for o in build(team(), env="prod") if o["kind"] == "NetworkPolicy"}
    assert nps["allow-from-istio-ingress"] == {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{"from": [_ns_from("istio-ingress")]}]}
    assert nps["allow-from-monitoring"] == {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{"from": [_ns_from("monitoring")]}]}
    assert "allow-same-namespace" in nps


def test_uncalled_service_gets_rule_less_allow_policy():
    objs = build(team(services=[{"name": "batch"}]), env="prod")
    ap = by(objs, "AuthorizationPolicy", "svc-batch")["spec"]
    assert ap == {"selector": {"matchLabels": {"app": "batch"}}, "action": "ALLOW"}
    assert by(objs, "NetworkPolicy", "svc-batch")["spec"]["ingress"] == []


@pytest.mark.parametrize(
    "bad, field, expected",
    [
        ({"name": "Backend"}, "name", "DNS-1123 label"),
        ({"name": "b" * 51}, "name", "at most 50 characters"),
        ({"groups": {}}, "groups", "at least one group"),
        ({"groups": {"owner": ["x"]}}, "groups.owner", "a role among admin, edit, view"),
        ({"groups": {"edit": "devs", "view": [1]}}, "groups.view", "a list of non-empty group names"),
        ({"environments": ["qa"]}, "environments", "a known environment"),
        ({"quota_size": "huge"}, "quota_size", "a preset among large, medium, small"),
        ({"quota_size": {"prod": "xl"}}, "quota_size.prod", "a preset"),
        ({"quota": {"cpu": "ten"}}, "quota.cpu", "Kubernetes quantity"),
        ({"quota": {"memory": "4GB"}}, "quota.memory", "Kubernetes quantity"),
        ({"quota": {"pods": "1.5"}}, "quota.pods", "a whole number"),
        ({"quota": {"gpus": "1"}}, "quota.gpus", "a key among"),
        ({"quota": {"cpu": "500m"}}, "limits.max_cpu", "within quota limits.cpu (500m)"),
        ({"limits": {"max_memory": "100Gi"}}, "limits.max_memory", "within quota limits.memory"),
        ({"limits": {"default_cpu": "2"}}, "limits.default_cpu", "at most limits.max_cpu"),
        ({"limits": {"default_request_cpu": "900m"}}, "limits.default_request_cpu", "at most limits.default_cpu"),
        ({"quota": {"requests.cpu": "8", "limits.cpu": "4"}}, "quota.requests.cpu", "at most quota limits.cpu"),
        ({"egress_cidrs": ["10.0.0.1/8"]}, "egress_cidrs", "no host bits set"),
        ({"egress_cidrs": ["300.1.1.0/24"]}, "egress_cidrs", "CIDR notation"),
        ({"egress_cidrs": "10.0.0.0/8 10.1.0.0/16"}, "egress_cidrs", "CIDR notation"),
        ({"namespace": "App_Team"}, "namespace", "DNS-1123 label"),
        ({"namespace": {"qa": "x"}}, "namespace", "environment keys among"),
        ({"labels": {"team": "x"}}, "labels", "reserved"),
        ({"labels": {"tier": "a b"}}, "labels.tier", "a label value"),
        ({"labels": {"bad key!": "x"}}, "labels", "a qualified key"),
        ({"cost_center": "cc 1"}, "cost_center", "a label value"),
        ({"pod_security": "strict"}, "pod_security", "one of privileged, baseline, restricted"),
        (
            {"services": [{"name": "a", "calls": ["b"]}]},
            "services[a].calls",
            "a service defined in the team's services",
        ),
        ({"services": [{"name": "a"}, {"name": "a"}]}, "services[1].name", "not used by another service"),
        ({"services": [{"name": "a", "port": 70000}]}, "services[0].port", "1 to 65535"),
        ({"services": [{"name": "A"}]}, "services[0].name", "DNS-1123 label"),
        ({"services": [{"name": "a", "expose": "yes"}]}, "services[0].expose", "true or false"),
        ({"services": [{"name": "a", "metrics": {"path": "/metrics"}}]}, "services[0].metrics.port", "the port number (1 to 65535)"),
        ({"services": [{"name": "a", "metrics": {"port": 0}}]}, "services[0].metrics.port", "the port number (1 to 65535)"),
        ({"services": [{"name": "a", "metrics": {"port": "http"}}]}, "services[0].metrics.port", "the monitoring namespace scrapes"),
        ({"services": [{"name": "a", "metrics": 9090}]}, "services[0].metrics", "a mapping"),
        ({"gitops": {"url": "git@host:repo"}}, "gitops.url", "https:// or ssh://"),
        ({"gitops": {"url": "https://h/r.git", "path": "../x"}}, "gitops.path", "no '..'"),
        ({"gitops": {"url": "https://h/r.git", "interval": "5 minutes"}}, "gitops.interval", "Go duration"),
        ({"owners": [""]}, "owners", "non-empty strings"),
        ({"colour": "blue"}, "colour", "no such field"),
    ],
)
def test_validation_names_team_field_value_expectation(bad, field, expected):
    assert_refused(team(**bad), field, expected)


def assert_refused(spec, field, expected):
    with pytest.raises(ob.OnboardingError) as err:
        ob.validate_teams([spec], "dev", SETTINGS)
    msgs = [m for m in err.value.errors if f"field {field!r}" in m]
    assert msgs, err.value.errors
    assert msgs[0].startswith(f"team {spec['name']!r}:") and expected in msgs[0], msgs[0]


def test_generated_namespace_too_long():
    s = ob.merge_settings(environments={"preproduction-eu-west": {}})
    with pytest.raises(ob.OnboardingError) as err:
        ob.validate_teams([team(name="b" * 50)], "preproduction-eu-west", s)
    assert "field 'namespace' = '%s-preproduction-eu-west'" % ("b" * 50) in err.value.errors[0]
    assert "set namespace explicitly" in err.value.errors[0]


def test_validation_reports_every_team_and_duplicates():
    with pytest.raises(ob.OnboardingError) as err:
        ob.validate_teams([team(), team(), team(name="x", quota={"cpu": "?"}), "not-a-team"], "dev", SETTINGS)
    text = "\n".join(err.value.errors)
    assert "team 'backend': field 'name' = 'backend': expected a name no other team uses" in text
    assert "team 'x': field 'quota.cpu'" in text
    assert "team entry 'not-a-team'" in text
    with pytest.raises(ob.OnboardingError) as err:
        ob.validate_teams([team(), team(name="other", namespace="backend-dev")], "dev", SETTINGS)
    assert "expected a namespace no other team uses" in err.value.errors[0]


@pytest.mark.parametrize(
    "settings, expected",
    [
        (ob.merge_settings(environments={"dev": {"pod_security": "strict"}}), "field 'pod_security' = 'strict'"),
        (ob.merge_settings(environments={"dev": {"mtls": "ON"}}), "field 'mtls' = 'ON'"),
        (ob.merge_settings(environments={"dev": {"loadbalancers": "no"}}), "field 'loadbalancers' = 'no'"),
        (ob.merge_settings(environments={"dev": {"quota_size": "xl"}}), "field 'quota_size' = 'xl'"),
        (ob.merge_settings(presets={"small": {"quota": {"pods": "many"}}}), "field 'quota.pods' = 'many'"),
        (ob.merge_settings(network={"monitoring_namespace": "Mon"}), "network: field 'monitoring_namespace' = 'Mon'"),
        (ob.merge_settings(istio_revision="1 22"), "istio_revision = '1 22'"),
    ],
)
def test_settings_validation(settings, expected):
    with pytest.raises(ob.OnboardingError) as err:
        ob.validate_teams([team()], "dev", settings)
    assert any(expected in m for m in err.value.errors), err.value.errors


def test_unknown_environment_and_selection():
    with pytest.raises(ob.OnboardingError, match="environment 'qa' is not known"):
        ob.validate_teams([team()], "qa", SETTINGS)
    teams = ob.validate_teams([team(), team(name="payments")], "dev", SETTINGS)
    assert [t["name"] for t in ob.select_teams(teams, ["payments"])] == ["payments"]
    assert ob.select_teams(teams, []) == teams
    with pytest.raises(ob.OnboardingError, match="team 'ghost' is not defined"):
        ob.select_teams(teams, ["ghost"])


def test_build_objects_skips_teams_without_the_environment():
    teams = ob.validate_teams([team(environments=["prod"]), team(name="web")], "dev", SETTINGS)
    objs, skipped = ob.build_objects(teams, "dev", SETTINGS)
    assert {o["metadata"].get("namespace") or o["metadata"]["name"] for o in objs} == {"web-dev"}
    assert skipped == ["team backend: environment dev is not in its environments (prod)"]


def test_prune_candidates():
    desired = build(team())
    owned = {"platform.runtime/team": "backend", "platform.runtime/environment": "dev"}

    def np(name, ns="backend-dev", labels=None):
        labels = owned if labels is None else labels
        return {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": name, "namespace": ns, "labels": dict(labels)},
        }

    existing = [
        np("default-deny-all"),
        np("stale"),
        np("elsewhere", ns="other-ns"),
        np("other-team", labels={"platform.runtime/team": "web", "platform.runtime/environment": "dev"}),
        np("other-env", labels={"platform.runtime/team": "backend", "platform.runtime/environment": "prod"}),
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "backend-old", "labels": owned}},
    ]
    assert ob.prune_candidates(existing, desired, {"backend"}, "dev") == [
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "stale", "namespace": "backend-dev"},
        }
    ]


def test_selectors_and_blocking():
    assert ob.owner_selector("dev") == "platform.runtime/environment=dev,platform.runtime/team"
    assert ob.owner_selector("dev", ["b", "a"]) == "platform.runtime/environment=dev,platform.runtime/team in (a,b)"
    listed = [
        {"kind": "Pod", "metadata": {"name": "p", "namespace": "n"}},
        {"kind": "Deployment", "metadata": {"name": "d", "namespace": "n"}},
    ]
    assert ob.blocking_objects(listed) == ["Deployment/n/d", "Pod/n/p"]


# -- tenant isolation (issue 9) ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "bad, field, expected",
    [
        ({"groups": {"edit": ["system:authenticated"]}}, "groups.edit", "a group of the team's own"),
        ({"groups": {"admin": ["ok"], "view": ["system:masters"]}}, "groups.view", "'system:' groups"),
        ({"namespace": "kube-system"}, "namespace", "does not reserve"),
        ({"namespace": {"dev": "default"}}, "namespace", "does not reserve"),
        ({"namespace": "istio-ingress", "adopt": True}, "namespace", "adopt does not change this"),
        ({"name": "kube"}, "namespace", "does not reserve"),
        ({"egress_cidrs": ["0.0.0.0/0"]}, "egress_cidrs", "all of the internet; set allow_internet_egress: true"),
        ({"egress_cidrs": ["10.0.0.0/7"]}, "egress_cidrs", "a network no wider than /8: it opens egress to a network wider than /8"),
        ({"egress_cidrs": ["2001::/16"]}, "egress_cidrs", "no wider than /32"),
        ({"allow_internet_egress": "yes"}, "allow_internet_egress", "true or false"),
        ({"adopt": 1}, "adopt", "true or false"),
        ({"service_accounts": {"edit": ["other-dev/ci"]}}, "service_accounts.edit", "in one of the team's own namespaces"),
        ({"service_accounts": {"edit": ["ci"]}}, "service_accounts.edit", "<namespace>/<name>"),
        ({"service_accounts": {"owner": ["backend-dev/ci"]}}, "service_accounts.owner", "a role among admin, edit, view"),
        ({"iam_roles": ["arn:aws:iam::1:role/x"]}, "iam_roles", "a mapping (validated by the eks_cluster role"),
        ({"alerting": "slack"}, "alerting", "a mapping (validated by the monitoring role"),
        ({"services": [{"name": "a", "traffic": "canary"}]}, "services[0].traffic", "validated by the istio role"),
        ({"services": [{"name": "a", "metrics": 9090}]}, "services[0].metrics", "validated by the monitoring role"),
    ],
)
def test_tenant_rules_name_team_field_value_expectation(bad, field, expected):
    assert_refused(team(**bad), field, expected)


def test_platform_namespaces_and_egress_limits_are_configurable():
    s = ob.merge_settings(platform_namespaces={"monitoring": "observability"}, egress={"ipv4_min_prefix": 16})
    with pytest.raises(ob.OnboardingError) as err:
        ob.validate_teams([team(namespace="observability", egress_cidrs=["10.0.0.0/12"])], "dev", s)
    text = "; ".join(err.value.errors)
    assert "field 'namespace' = 'observability'" in text and "no wider than /16" in text
    # The component's default namespace is an ordinary name once the inventory moved the component.
    assert ob.validate_teams([team(namespace="monitoring")], "dev", s)[0]["namespace"] == "monitoring"
    with pytest.raises(ob.OnboardingError, match="egress: field 'ipv4_min_prefix' = 40: expected an integer >= 0 <= 32"):
        ob.validate_teams([team()], "dev", ob.merge_settings(egress={"ipv4_min_prefix": 40}))


def test_allowed_internet_egress_and_shared_groups_are_warnings():
    teams = ob.validate_teams(
        [team(egress_cidrs=["0.0.0.0/0", "10.0.0.0/8"], allow_internet_egress=True), team(name="web", groups={"edit": ["backend-developers"]})],
        "dev",
        SETTINGS,
    )
    assert ob.team_warnings(teams, SETTINGS) == [
        "team 'backend': egress_cidrs 0.0.0.0/0 is wider than /8 and opens egress to the internet (allow_internet_egress: true)",
        "group 'backend-developers' is bound by several teams: backend (edit), web (edit); its members get each of these roles",
    ]
    assert ob.team_warnings(ob.validate_teams([team()], "dev", SETTINGS), SETTINGS) == []
    many = ob.validate_teams([team(name=f"t{i:02d}", groups={"view": ["everyone"]}) for i in range(12)], "dev", SETTINGS)
    assert ob.team_warnings(many, SETTINGS) == [
        "group 'everyone' is bound by several teams: " + ", ".join(f"t{i:02d} (view)" for i in range(10)) + " and 2 more; its members get each of these roles"
    ]


def test_pass_through_fields_are_kept_unchanged():
    iam = {"admin": ["arn:aws:iam::111122223333:role/backend-admin"]}
    alerting = {"slack": {"channel": "#be-alerts"}}
    traffic = {
        "subsets": {"stable": {"version": "v1"}, "next": {"version": "v2"}},
        "routes": [{"subset": "stable", "weight": 90}, {"subset": "next", "weight": 10}],
    }
    svc = {"name": "api", "traffic": traffic, "metrics": {"port": 9090, "path": "/metrics"}}
    norm = ob.validate_teams([team(iam_roles=iam, alerting=alerting, services=[svc])], "dev", SETTINGS)[0]
    assert norm["iam_roles"] == iam and norm["alerting"] == alerting
    assert norm["services"][0]["traffic"] == svc["traffic"] and norm["services"][0]["metrics"] == svc["metrics"]
    objs = ob.build_team(norm, "dev", SETTINGS)
    assert "arn:aws" not in str(objs) and "#be-alerts" not in str(objs)  # used by other roles, not by onboarding's objects
    # traffic is the Istio role's schema; onboarding builds the service's VirtualService and DestinationRule from it.
    assert sorted(o["kind"] for o in objs if o["kind"] in ("VirtualService", "DestinationRule")) == ["DestinationRule", "VirtualService"]


def test_service_accounts_join_the_role_bindings():
    objs = build(team(service_accounts={"edit": ["backend-dev/ci"], "view": ["backend-prod/reporter"]}))
    edit = by(objs, "RoleBinding", "team-edit")
    assert edit["subjects"][-2:] == [
        {"kind": "ServiceAccount", "name": "ci", "namespace": "backend-dev"},
        {"kind": "ServiceAccount", "name": "deployer", "namespace": "backend-dev"},
    ]
    assert by(objs, "RoleBinding", "team-view")["subjects"][-1] == {"kind": "ServiceAccount", "name": "reporter", "namespace": "backend-prod"}
    assert {rb["roleRef"]["name"] for rb in objs if rb["kind"] == "RoleBinding"} == {"platform-tenant-admin", "platform-tenant-edit", "platform-tenant-view"}


def test_ownership_refuses_foreign_namespaces_and_adopts_unowned_ones():
    teams = ob.validate_teams([team(), team(name="web", namespace="legacy", adopt=True), team(name="t4", namespace={"dev": "backend-local"})], "dev", SETTINGS)
    live = {
        "backend-dev": {"metadata": {"name": "backend-dev", "labels": {ob.TEAM_LABEL: "backend", ob.ENV_LABEL: "dev"}}},
        "legacy": {"metadata": {"name": "legacy"}},
        "backend-local": {"metadata": {"name": "backend-local", "labels": {ob.TEAM_LABEL: "backend", ob.ENV_LABEL: "local"}}},
    }
    errors, adopted = ob.ownership(teams, "dev", live)
    assert adopted == ["legacy"]
    assert errors == [
        "team 't4': field 'namespace' = 'backend-local': expected a namespace the team owns, but namespace 'backend-local' exists and is owned by "
        "team 'backend' (environment local); adopt does not move a namespace between teams: offboard it from team 'backend' first, then onboard "
        "it with adopt: true"
    ]
    errors, adopted = ob.ownership([dict(teams[1], adopt=False)], "dev", live)
    assert adopted == [] and "is not managed by the platform; to adopt it on purpose set adopt: true on the team" in errors[0]


def test_tenant_roles_keep_platform_objects_read_only():
    roles = {r["metadata"]["name"]: r for r in ob.build_tenant_roles()}
    assert sorted(roles) == sorted([f"platform-tenant-{r}{s}" for r in ("admin", "edit", "view") for s in ("", "-rules")])
    for role in ("admin", "edit", "view"):
        assert roles[f"platform-tenant-{role}"]["aggregationRule"] == {
            "clusterRoleSelectors": [{"matchLabels": {f"platform.runtime/aggregate-to-tenant-{role}": "true"}}]
        }
        assert "rules" not in roles[f"platform-tenant-{role}"]
    assert sorted(k for k in roles["platform-tenant-view-rules"]["metadata"]["labels"] if "aggregate" in k) == [
        "platform.runtime/aggregate-to-tenant-admin",
        "platform.runtime/aggregate-to-tenant-edit",
        "platform.runtime/aggregate-to-tenant-view",
    ]
    owned = {(g, r) for g, resources in ob.PLATFORM_OWNED.items() for r in resources}
    for name, role in roles.items():
        for rule in role.get("rules", []):
            touched = {(g, r) for g in rule["apiGroups"] for r in rule["resources"]}
            assert not (touched & owned) or set(rule["verbs"]) <= {"get", "list", "watch"}, (name, rule)
            assert "*" not in rule["verbs"] + rule["resources"] + rule["apiGroups"], (name, rule)
            assert not {"escalate", "bind", "impersonate"} & set(rule["verbs"]), (name, rule)
    view = [r for rule in roles["platform-tenant-view-rules"]["rules"] for r in rule["resources"]]
    assert "secrets" not in view and "rolebindings" not in view
