"""namespace_onboarding against the real control plane: objects, idempotency, check, drift, prune, RBAC, admission, offboarding.

NetworkPolicies are stored but never enforced here (no CNI, no nodes), so their selectors and ports are asserted exactly.
"""

from __future__ import annotations

import os

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeError, apply_batch
from ansible_collections.platform.runtime.tests.support.kubetest import wait_until
from ansible_collections.platform.runtime.tests.support.onboarding import get, onboarding_runner, team

pytestmark = pytest.mark.k8s

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODULE = "ansible_collections.platform.runtime.plugins.modules.namespace_onboarding"


@pytest.fixture(scope="session")
def onboard(control_plane):
    """Run the module in a subprocess, as Ansible would, and return its JSON result."""
    return onboarding_runner(control_plane["kubeconfig"])


def netpol(kube, ns, name):
    obj = get(kube, "NetworkPolicy", name, ns, api="networking.k8s.io/v1")
    assert obj is not None, f"NetworkPolicy {ns}/{name} missing"
    return obj["spec"]


def ns_peer(name, **pods):
    peer = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}
    if pods:
        peer["podSelector"] = {"matchLabels": pods}
    return peer


PLATFORM_EGRESS = [
    {
        "to": [ns_peer("kube-system", **{"k8s-app": "kube-dns"})],
        "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
    },
    {
        "to": [ns_peer("istio-system", app="istiod")],
        "ports": [{"protocol": "TCP", "port": 15012}, {"protocol": "TCP", "port": 15017}],
    },
]


def test_onboard_check_apply_reapply_drift_prune(onboard, kube, unique):
    name = "obj-" + unique
    ns = name + "-dev"
    spec = team(name, labels={"tier": "backend"}, egress_cidrs=["10.20.0.0/16"])

    r = onboard([spec], check=True, diff=True)
    assert r.get("changed") is True, r
    assert get(kube, "Namespace", ns) is None, "check mode created the namespace"
    assert f"ResourceQuota/{ns}/team-quota" in r["predicted_locally"]
    assert r["summary"]["created"][0] == "Namespace/" + ns
    # The tenant ClusterRoles are shared by every team: created by whichever run comes first in this session.
    team_created = [ref for ref in r["summary"]["created"] if not ref.startswith("ClusterRole/platform-tenant-")]
    # The mesh's deny-all comes when Istio's CRDs are served (an earlier test of the session may have installed them).
    mesh = [ref for ref in team_created if ref.startswith("AuthorizationPolicy/")]
    assert mesh in ([], [f"AuthorizationPolicy/{ns}/deny-all"]), mesh
    team_created = [ref for ref in team_created if ref not in mesh]
    assert len(r["diff"]) == len(r["summary"]["created"]) and len(team_created) == 14

    r = onboard([spec])
    assert r.get("changed") is True and not r.get("failed"), r
    # The namespace controller makes the default ServiceAccount as soon as the namespace exists.
    assert r["summary"].get("updated", []) in ([], [f"ServiceAccount/{ns}/default"]), r["summary"]
    team_created = [ref for ref in r["summary"]["created"] if not ref.startswith("ClusterRole/platform-tenant-") and ref not in mesh]
    assert len(team_created) + len(r["summary"].get("updated", [])) == 14  # ns, quota, limits, 2 SA, 3 RB, 6 NP
    assert r["drift"] == []

    nso = get(kube, "Namespace", ns)
    labels = nso["metadata"]["labels"]
    for k, v in {
        "team": name,
        "environment": "dev",
        "app.kubernetes.io/managed-by": "platform.runtime",
        "cost-center": "cc-42",
        "tier": "backend",
        "istio-injection": "enabled",
        "pod-security.kubernetes.io/enforce": "baseline",
        "pod-security.kubernetes.io/audit": "baseline",
        "pod-security.kubernetes.io/warn": "baseline",
    }.items():
        assert labels.get(k) == v, (k, labels)
    assert nso["metadata"]["annotations"]["platform.runtime/owners"] == "lead@example.com"
    assert nso["metadata"]["annotations"]["platform.runtime/contacts"] == "#" + name

    quota = get(kube, "ResourceQuota", "team-quota", ns)["spec"]["hard"]
    assert quota == {
        "requests.cpu": "2",
        "requests.memory": "4Gi",
        "limits.cpu": "4",
        "limits.memory": "8Gi",
        "pods": "20",
        "services": "10",
        "persistentvolumeclaims": "5",
        "requests.storage": "20Gi",
        "services.loadbalancers": "0",
    }
    limits = get(kube, "LimitRange", "team-limits", ns)["spec"]["limits"][0]
    assert limits["type"] == "Container"
    assert limits["max"] == {"cpu": "1", "memory": "2Gi"}
    assert limits["default"] == {"cpu": "500m", "memory": "512Mi"}
    assert limits["defaultRequest"] == {"cpu": "100m", "memory": "128Mi"}

    assert get(kube, "ServiceAccount", "default", ns)["automountServiceAccountToken"] is False
    assert get(kube, "ServiceAccount", "deployer", ns) is not None
    rbs = {rb["metadata"]["name"]: rb for rb in kube.list("rbac.authorization.k8s.io/v1", "RoleBinding", namespace=ns)}
    assert set(rbs) == {"team-admin", "team-edit", "team-view"}
    for role in ("admin", "edit", "view"):
        assert rbs["team-" + role]["roleRef"] == {
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "ClusterRole",
            "name": "platform-tenant-" + role,
        }
    assert {"kind": "ServiceAccount", "name": "deployer", "namespace": ns} in rbs["team-edit"]["subjects"]
    assert {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "backend-viewers"} in rbs["team-view"]["subjects"]
    # Nothing cluster-scoped was granted.
    crbs = kube.list("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", label_selector="platform.runtime/team=" + name)
    assert crbs == []

    # NetworkPolicies: exact selectors and ports (not enforceable here: no CNI).
    assert netpol(kube, ns, "default-deny-all") == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    assert netpol(kube, ns, "allow-same-namespace") == {
        "podSelector": {},
        "policyTypes": ["Ingress", "Egress"],
        "ingress": [{"from": [{"podSelector": {}}]}],
        "egress": [{"to": [{"podSelector": {}}]}],
    }
    assert netpol(kube, ns, "allow-from-istio-ingress") == {
        "podSelector": {},
        "policyTypes": ["Ingress"],
        "ingress": [{"from": [ns_peer("istio-ingress")]}],
    }
    assert netpol(kube, ns, "allow-from-monitoring") == {
        "podSelector": {},
        "policyTypes": ["Ingress"],
        "ingress": [{"from": [ns_peer("monitoring")]}],
    }
    assert netpol(kube, ns, "allow-egress-dns-istiod") == {
        "podSelector": {},
        "policyTypes": ["Egress"],
        "egress": PLATFORM_EGRESS,
    }
    assert netpol(kube, ns, "allow-egress-cidrs") == {
        "podSelector": {},
        "policyTypes": ["Egress"],
        "egress": [{"to": [{"ipBlock": {"cidr": "10.20.0.0/16"}}]}],
    }

    # Second run: nothing changes, also in check mode.
    r = onboard([spec])
    assert r["changed"] is False, r["summary"]
    assert set(r["summary"]) == {"unchanged"}
    r = onboard([spec], check=True)
    assert r["changed"] is False, r["summary"]

    # Hand edit of the quota (another field manager) is reported and put back.
    kube.request(
        "PATCH",
        f"/api/v1/namespaces/{ns}/resourcequotas/team-quota",
        body={"spec": {"hard": {"pods": "999"}}},
        query={"fieldManager": "kubectl-edit"},
        content_type="application/merge-patch+json",
    )
    assert get(kube, "ResourceQuota", "team-quota", ns)["spec"]["hard"]["pods"] == "999"
    r = onboard([spec], diff=True)
    assert r["changed"] is True
    assert r["drift"] == [f"ResourceQuota/{ns}/team-quota"]
    assert r["diff"][0]["before"]["spec"]["hard"]["pods"] == "999" and r["diff"][0]["after"]["spec"]["hard"]["pods"] == "20"
    assert get(kube, "ResourceQuota", "team-quota", ns)["spec"]["hard"]["pods"] == "20"

    # Prune: an owned object that is no longer desired goes; an unowned one stays.
    owned = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {
            "name": "stale",
            "namespace": ns,
            "labels": {"platform.runtime/team": name, "platform.runtime/environment": "dev"},
        },
        "spec": {"podSelector": {}},
    }
    foreign = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "teams-own", "namespace": ns},
        "spec": {"podSelector": {}},
    }
    apply_batch(kube, [owned, foreign])
    del spec["egress_cidrs"]
    r = onboard([spec], check=True)
    assert sorted(r["pruned"]) == sorted([f"NetworkPolicy/{ns}/allow-egress-cidrs", f"NetworkPolicy/{ns}/stale"])
    assert netpol(kube, ns, "stale") is not None
    r = onboard([spec])
    assert sorted(r["summary"]["pruned"]) == sorted([f"NetworkPolicy/{ns}/allow-egress-cidrs", f"NetworkPolicy/{ns}/stale"])
    assert get(kube, "NetworkPolicy", "stale", ns, api="networking.k8s.io/v1") is None
    assert get(kube, "NetworkPolicy", "teams-own", ns, api="networking.k8s.io/v1") is not None
    assert onboard([spec])["changed"] is False


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"quota": {"cpu": "ten"}}, "quota.cpu"),
        ({"limits": {"max_cpu": "64"}}, "limits.max_cpu"),
        ({"egress_cidrs": ["10.0.0.1/8"]}, "egress_cidrs"),
        ({"environments": ["qa"]}, "environments"),
        ({"groups": {}}, "groups"),
        ({"services": [{"name": "a", "calls": ["ghost"]}]}, "services[a].calls"),
    ],
)
def test_invalid_input_applies_nothing(onboard, kube, unique, bad, field):
    good, broken = team("ok-" + unique), team("bad-" + unique, **bad)
    r = onboard([good, broken])
    assert r.get("failed") is True
    assert f"team 'bad-{unique}': field '{field}'" in r["msg"], r["msg"]
    assert "nothing was applied" in r["msg"]
    assert get(kube, "Namespace", f"ok-{unique}-dev") is None


def test_unknown_team_and_environment_fail(onboard, unique):
    r = onboard([team("x-" + unique)], select=["nobody"])
    assert r["failed"] and "team 'nobody' is not defined" in r["msg"]
    r = onboard([team("x-" + unique)], environment="qa")
    assert r["failed"] and "environment 'qa' is not known" in r["msg"]


def test_rbac_matrix(onboard, kube, kube_as, unique):
    backend, payments = "be-" + unique, "pay-" + unique
    teams = [team(backend), team(payments, groups={"edit": ["payments-developers"], "view": []})]
    r = onboard(teams)
    assert not r.get("failed"), r
    bns, pns = backend + "-dev", payments + "-dev"
    apply_batch(
        kube,
        [
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": {"name": "db", "namespace": pns},
                "stringData": {"password": "x"},
            }
        ],
    )
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": bns},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": "registry.invalid/web:1"}]},
            },
        },
    }
    dev, viewer, pay = kube_as("backend-dev"), kube_as("backend-viewer"), kube_as("payments-dev")
    assert dev.apply(deployment)["metadata"]["name"] == "web"

    def denied(client, call):
        with pytest.raises(KubeError) as err:
            call(client)
        assert err.value.status == 403, err.value
        return str(err.value)

    assert 'cannot list resource "secrets"' in denied(dev, lambda c: c.list("v1", "Secret", namespace=pns))
    denied(dev, lambda c: c.get({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "namespace": pns}}))
    assert pay.list("v1", "Secret", namespace=pns)[0]["metadata"]["name"] == "db"
    denied(pay, lambda c: c.list("v1", "Secret", namespace=bns))
    denied(dev, lambda c: c.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "rogue-" + unique}}))
    rule = [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
    denied(
        dev,
        lambda c: c.apply(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRole",
                "metadata": {"name": "rogue-" + unique},
                "rules": rule,
            }
        ),
    )
    crb = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRoleBinding",
        "metadata": {"name": "rogue-" + unique},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "backend-developers"}],
    }
    denied(dev, lambda c: c.apply(crb))
    # Viewers read but create nothing.
    assert [d["metadata"]["name"] for d in viewer.list("apps/v1", "Deployment", namespace=bns)] == ["web"]
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": bns}, "data": {"a": "b"}}
    denied(viewer, lambda c: c.apply(cm))
    denied(viewer, lambda c: c.apply(dict(deployment, metadata={"name": "web2", "namespace": bns})))
    denied(viewer, lambda c: c.list("v1", "Secret", namespace=bns))


def pod(ns, name, resources=None):
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"containers": [{"name": "app", "image": "registry.invalid/app:1", "resources": resources or {}}]},
    }


def test_admission_limitrange_and_quota(onboard, kube, unique):
    name = "adm-" + unique
    ns = name + "-dev"
    r = onboard([team(name, quota={"pods": 2})])
    assert not r.get("failed"), r
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "team-quota", "namespace": ns}}
    assert wait_until(lambda: (kube.get(quota) or {}).get("status", {}).get("used") is not None), "quota status never populated"

    admitted = kube.apply(pod(ns, "defaults"))
    res = admitted["spec"]["containers"][0]["resources"]
    assert res == {"limits": {"cpu": "500m", "memory": "512Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}

    with pytest.raises(KubeError) as err:
        kube.apply(pod(ns, "too-big", {"limits": {"cpu": "3", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}}))
    print("server said:", err.value)
    assert err.value.status == 403 and "maximum cpu usage per Container is 1" in str(err.value)

    kube.apply(pod(ns, "second"))
    with pytest.raises(KubeError) as err:
        kube.apply(pod(ns, "third"))
    print("server said:", err.value)
    assert err.value.status == 403 and "exceeded quota: team-quota" in str(err.value) and "pods=2" in str(err.value)


ISTIO_CRDS = ("AuthorizationPolicy", "PeerAuthentication")


@pytest.fixture(scope="module")
def istio_crds(kube):
    """Istio's security CRDs (a minimal schema) unless a fuller copy is already installed."""
    for kind in ISTIO_CRDS:
        plural = kind.lower() + "s"
        crd = {
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": plural + ".security.istio.io"},
            "spec": {
                "group": "security.istio.io",
                "scope": "Namespaced",
                "names": {"kind": kind, "plural": plural, "singular": kind.lower(), "listKind": kind + "List"},
                "versions": [
                    {
                        "name": "v1",
                        "served": True,
                        "storage": True,
                        "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}},
                    }
                ],
            },
        }
        if kube.get(crd) is None:
            apply_batch(kube, [crd])
    kube.forget()

    def ready():
        try:
            return all(kube.resource_info("security.istio.io/v1", k) for k in ISTIO_CRDS)
        except KubeError:
            kube.forget()
            return False

    assert wait_until(ready, timeout=60), "Istio CRDs not served"


def test_call_graph_policies_and_istio(onboard, kube, unique, istio_crds):
    name = "pay-" + unique
    ns = name + "-prod"
    spec = team(
        name,
        groups={"edit": ["payments-developers"]},
        services=[
            {"name": "payment-api", "port": 8080, "expose": True, "calls": ["fraud-detector"]},
            {"name": "fraud-detector", "port": 9090, "calls": ["notification-service"]},
            {"name": "notification-service", "port": 7070},
        ],
        gitops={"url": "https://git.example.com/payments/deploy.git", "path": "./prod"},
    )
    r = onboard([spec], environment="prod")
    assert not r.get("failed"), r
    labels = get(kube, "Namespace", ns)["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert get(kube, "ResourceQuota", "team-quota", ns)["spec"]["hard"]["services.loadbalancers"] == "4"
    # with a call graph no namespace-wide allow is left: the gateway reaches only exposed services (issue 22)
    for wide in ("allow-same-namespace", "allow-from-istio-ingress", "allow-from-monitoring"):
        assert get(kube, "NetworkPolicy", wide, ns, api="networking.k8s.io/v1") is None, wide

    assert netpol(kube, ns, "svc-payment-api") == {
        "podSelector": {"matchLabels": {"app": "payment-api"}},
        "policyTypes": ["Ingress", "Egress"],
        "ingress": [{"from": [ns_peer("istio-ingress")], "ports": [{"protocol": "TCP", "port": 8080}]}],
        "egress": [
            {
                "to": [{"podSelector": {"matchLabels": {"app": "fraud-detector"}}}],
                "ports": [{"protocol": "TCP", "port": 9090}],
            }
        ]
        + PLATFORM_EGRESS,
    }
    assert netpol(kube, ns, "svc-fraud-detector") == {
        "podSelector": {"matchLabels": {"app": "fraud-detector"}},
        "policyTypes": ["Ingress", "Egress"],
        "ingress": [
            {
                "from": [{"podSelector": {"matchLabels": {"app": "payment-api"}}}],
                "ports": [{"protocol": "TCP", "port": 9090}],
            }
        ],
        "egress": [
            {
                "to": [{"podSelector": {"matchLabels": {"app": "notification-service"}}}],
                "ports": [{"protocol": "TCP", "port": 7070}],
            }
        ]
        + PLATFORM_EGRESS,
    }
    assert netpol(kube, ns, "svc-notification-service")["ingress"] == [
        {
            "from": [{"podSelector": {"matchLabels": {"app": "fraud-detector"}}}],
            "ports": [{"protocol": "TCP", "port": 7070}],
        }
    ]
    for svc in ("payment-api", "fraud-detector", "notification-service"):
        assert get(kube, "ServiceAccount", svc, ns) is not None

    ap = get(kube, "AuthorizationPolicy", "svc-fraud-detector", ns, api="security.istio.io/v1")["spec"]
    assert ap == {
        "selector": {"matchLabels": {"app": "fraud-detector"}},
        "action": "ALLOW",
        "rules": [
            {
                "from": [{"source": {"principals": [f"cluster.local/ns/{ns}/sa/payment-api"]}}],
                "to": [{"operation": {"ports": ["9090"]}}],
            }
        ],
    }
    ap = get(kube, "AuthorizationPolicy", "svc-notification-service", ns, api="security.istio.io/v1")["spec"]
    assert ap["rules"][0]["from"][0]["source"]["principals"] == [f"cluster.local/ns/{ns}/sa/fraud-detector"]
    assert get(kube, "PeerAuthentication", "default", ns, api="security.istio.io/v1")["spec"] == {"mtls": {"mode": "STRICT"}}

    try:
        kube.resource_info("source.toolkit.fluxcd.io/v1", "GitRepository")
        kube.resource_info("kustomize.toolkit.fluxcd.io/v1", "Kustomization")
        flux = True
    except KubeError:
        flux = False
    if flux:
        ks = get(kube, "Kustomization", name, ns, api="kustomize.toolkit.fluxcd.io/v1")["spec"]
        assert ks["serviceAccountName"] == "deployer" and ks["targetNamespace"] == ns and ks["path"] == "./prod"
    else:
        assert any("Flux CRDs" in s and name in s for s in r["left_out"]), r["left_out"]
        r2 = onboard([spec], environment="prod", gitops="always")
        assert r2["failed"] and "Flux CRDs" in r2["msg"]
    assert onboard([spec], environment="prod")["changed"] is False


def test_offboard_refuses_with_workloads_then_force(onboard, kube, unique):
    name = "off-" + unique
    ns = name + "-dev"
    spec = team(name)
    assert not onboard([spec]).get("failed")
    dep = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "api", "namespace": ns},
        "spec": {
            "selector": {"matchLabels": {"app": "api"}},
            "template": {
                "metadata": {"labels": {"app": "api"}},
                "spec": {"containers": [{"name": "api", "image": "registry.invalid/api:1"}]},
            },
        },
    }
    pvc = {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": "data", "namespace": ns},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
    }
    apply_batch(kube, [dep, pvc])

    r = onboard([spec], state="absent")
    assert r["failed"] is True and "refusing to offboard" in r["msg"]
    assert f"Deployment/{ns}/api" in r["blocking"] and f"PersistentVolumeClaim/{ns}/data" in r["blocking"]
    assert get(kube, "Namespace", ns)["status"]["phase"] == "Active"

    r = onboard([spec], state="absent", force=True, check=True)
    assert r["changed"] is True and not r.get("failed")
    for ref in (
        "Namespace/" + ns,
        f"Deployment/{ns}/api",
        f"PersistentVolumeClaim/{ns}/data",
        f"ResourceQuota/{ns}/team-quota",
        f"RoleBinding/{ns}/team-edit",
    ):
        assert ref in r["would_delete"], r["would_delete"]
    assert get(kube, "Namespace", ns)["status"]["phase"] == "Active"

    r = onboard([spec], state="absent", force=True, wait_timeout=120)
    assert r["changed"] is True and not r.get("failed"), r
    assert get(kube, "Namespace", ns) is None
    r = onboard([spec], state="absent")
    assert r["changed"] is False and not r.get("failed")


def test_offboard_leaves_unowned_namespace(onboard, kube, unique):
    name = "foreign-" + unique
    apply_batch(kube, [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name + "-dev"}}])
    r = onboard([team(name)], state="absent", force=True)
    assert r["changed"] is False and r["not_owned"] == [name + "-dev"]
    assert get(kube, "Namespace", name + "-dev") is not None
