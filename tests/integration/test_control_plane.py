"""The local control plane is a real Kubernetes API server: admission, RBAC, controllers and CRDs work.

Every assertion here is answered by kube-apiserver / kube-controller-manager 1.20, not by a fake.
"""

from __future__ import annotations

import time

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.kube import (
    KubeError,
    apply_batch,
    apply_crds,
)
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_crds
from ansible_collections.platform.runtime.tests.support.kubetest import crd_established, wait_until

pytestmark = pytest.mark.k8s


def ns(name, **labels):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}


def pod(namespace, name, resources=None):
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"containers": [{"name": "app", "image": "registry.invalid/app:1", "resources": resources or {}}]},
    }


def test_quota_admission_rejects_pod_without_limits(kube, unique):
    name = "quota-" + unique
    quota = {
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": {"name": "compute", "namespace": name},
        "spec": {"hard": {"limits.cpu": "2", "limits.memory": "2Gi", "requests.cpu": "1", "requests.memory": "1Gi"}},
    }
    results = apply_batch(kube, [ns(name), quota])
    assert [r["action"] for r in results] == ["created", "created"], results
    # The quota controller must have computed status.used before admission counts against it.
    assert wait_until(lambda: (kube.get(quota) or {}).get("status", {}).get("used") is not None), "quota status never populated"
    with pytest.raises(KubeError) as err:
        kube.apply(pod(name, "no-limits"))
    print("server said:", err.value)
    assert err.value.status == 403
    assert "must specify limits.cpu" in str(err.value) or "must specify" in str(err.value)
    limited = pod(name, "limited", {"limits": {"cpu": "100m", "memory": "64Mi"}, "requests": {"cpu": "50m", "memory": "32Mi"}})
    assert kube.apply(limited)["metadata"]["name"] == "limited"


def test_rbac_team_isolation(kube, kube_as, unique):
    a, b = "team-a-" + unique, "team-b-" + unique
    objs = [ns(a), ns(b)]
    for namespace, group in ((a, "team-a"), (b, "team-b")):
        objs.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "RoleBinding",
                "metadata": {"name": "team-admin", "namespace": namespace},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "admin"},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": group}],
            }
        )
        objs.append(
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": {"name": "s", "namespace": namespace},
                "stringData": {"k": "v"},
            }
        )
    assert all(r["action"] == "created" for r in apply_batch(kube, objs))
    alice = kube_as("alice")
    assert "s" in [s["metadata"]["name"] for s in alice.list("v1", "Secret", namespace=a)]
    with pytest.raises(KubeError) as err:
        alice.list("v1", "Secret", namespace=b)
    print("server said:", err.value)
    assert err.value.status == 403
    assert 'cannot list resource "secrets"' in str(err.value)


def test_namespace_deletion_completes(kube, unique):
    name = "gone-" + unique
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": name}, "data": {"a": "b"}}
    apply_batch(kube, [ns(name), cm])
    kube.delete(ns(name))
    assert wait_until(lambda: kube.get(ns(name)) is None, timeout=90), f"namespace {name} still present: {kube.get(ns(name))}"


@pytest.fixture(scope="module")
def all_crds(kube, upstream_dir):
    crds, seen = [], set()
    for _path, crd in load_crds(upstream_dir):
        if crd["metadata"]["name"] not in seen:
            seen.add(crd["metadata"]["name"])
            crds.append(crd)
    results, warnings = apply_crds(kube, crds)
    failed = [r for r in results if r["action"] == "failed"]
    assert not failed, failed
    names = [c["metadata"]["name"] for c in crds]
    pending = set(names)
    deadline = time.monotonic() + 300  # 72 CRDs; Established within seconds on a quiet machine
    while pending and time.monotonic() < deadline:
        for n in list(pending):
            obj = kube.get({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": n}})
            if crd_established(obj):
                pending.discard(n)
        time.sleep(0.5)
    kube.forget()
    return {"names": names, "pending": pending, "warnings": warnings}


def test_every_upstream_crd_is_established(all_crds):
    assert len(all_crds["names"]) >= 11 + 15 + 17 + 10
    assert not all_crds["pending"], f"CRDs never Established: {sorted(all_crds['pending'])}"
    # The 1.20 server needs the compat step, and it must say what it dropped.
    assert any("x-kubernetes-validations" in w for w in all_crds["warnings"])


VALID = {
    "flux": {
        "apiVersion": "source.toolkit.fluxcd.io/v1",
        "kind": "GitRepository",
        "metadata": {"name": "platform"},
        "spec": {"url": "https://git.example.com/platform.git", "interval": "5m", "ref": {"branch": "main"}},
    },
    "istio": {
        "apiVersion": "security.istio.io/v1",
        "kind": "PeerAuthentication",
        "metadata": {"name": "default"},
        "spec": {"mtls": {"mode": "STRICT"}},
    },
    "gatekeeper": {
        "apiVersion": "templates.gatekeeper.sh/v1",
        "kind": "ConstraintTemplate",
        "metadata": {"name": "k8srequiredlabels"},
        "spec": {
            "crd": {"spec": {"names": {"kind": "K8sRequiredLabels"}}},
            "targets": [
                {
                    "target": "admission.k8s.gatekeeper.sh",
                    "rego": 'package k8srequiredlabels\nviolation[{"msg": "x"}] { false }',
                }
            ],
        },
    },
    "prometheus-operator": {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {"name": "platform"},
        "spec": {"groups": [{"name": "g", "rules": [{"alert": "Down", "expr": "up == 0", "for": "5m"}]}]},
    },
}

INVALID = {
    # (patch to the valid object, text the server's message must contain)
    "flux": (
        {"spec": {"url": "https://git.example.com/platform.git", "interval": "every five minutes"}},
        "spec.interval",
    ),
    "istio": ({"spec": {"mtls": {"mode": "SOMETIMES"}}}, "spec.mtls.mode"),
    "gatekeeper": ({"spec": {"crd": {"spec": {"names": {"kind": 42}}}, "targets": "not-a-list"}}, "spec.targets"),
    "prometheus-operator": ({"spec": {"groups": [{"rules": [{"expr": "up == 0"}]}]}}, "spec.groups"),
}


def _with_ns(obj, namespace):
    import copy

    obj = copy.deepcopy(obj)
    if obj["kind"] != "ConstraintTemplate":
        obj["metadata"]["namespace"] = namespace
    return obj


@pytest.mark.parametrize("project", sorted(VALID))
def test_valid_custom_resource_accepted(kube, all_crds, project, unique):
    namespace = "cr-" + unique
    apply_batch(kube, [ns(namespace)])
    obj = _with_ns(VALID[project], namespace)
    out = kube.apply(obj)
    assert out["kind"] == obj["kind"] and out["metadata"]["uid"]


@pytest.mark.parametrize("project", sorted(INVALID))
def test_invalid_custom_resource_rejected(kube, all_crds, project, unique):
    namespace = "bad-" + unique
    apply_batch(kube, [ns(namespace)])
    obj = _with_ns(VALID[project], namespace)
    patch, expected = INVALID[project]
    obj["metadata"]["name"] = "invalid"
    obj.update(patch)
    with pytest.raises(KubeError) as err:
        kube.apply(obj)
    print(f"{project}: server said: {err.value}")
    # Schema violations are 422 Invalid; a wrong *type* fails earlier, in 1.20's server-side apply
    # typed-patch conversion, which answers 500 (later servers answer 422). Either way it is refused.
    assert err.value.status in (422, 500), err.value
    assert expected.replace("spec.", ".spec.", 1) in str(err.value) or expected in str(err.value)
    assert kube.get(obj) is None
