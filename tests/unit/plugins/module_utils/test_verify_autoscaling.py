# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The autoscaling check over an in-memory object store (test_verify's Store)."""

from __future__ import annotations

from ansible_collections.platform.runtime.plugins.module_utils import verify as v
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeError


class Store:
    """list() over a list of objects, by kind, namespace and equality label selector; unserved kinds are 404."""

    def __init__(self, objects, served):
        self.objects, self.served = objects, served

    def list(self, api_version, kind, namespace=None, label_selector=None):
        if (api_version, kind) not in self.served:
            raise KubeError(f"{kind} not served", status=404, reason="NotFound")
        want = dict(s.split("=") for s in label_selector.split(",")) if label_selector else {}
        return [
            o
            for o in self.objects
            if (o["apiVersion"], o["kind"]) == (api_version, kind)
            and (not namespace or o["metadata"].get("namespace") == namespace)
            and want.items() <= (o["metadata"].get("labels") or {}).items()
        ]


def obj(api, kind, name, namespace=None, status=None, labels=None):
    md = {"name": name, "labels": labels or {}}
    if namespace:
        md["namespace"] = namespace
    return {"apiVersion": api, "kind": kind, "metadata": md, "spec": {}, "status": status or {}}


HR = "helm.toolkit.fluxcd.io/v2"
LABELS = {"platform.runtime/component": "autoscaling"}
SERVED = {("v1", "Node"), (HR, "HelmRelease"), ("apiregistration.k8s.io/v1", "APIService")}
READY = {"conditions": [{"type": "Ready", "status": "True", "reason": "InstallSucceeded"}], "observedGeneration": 1}


def node():
    return obj("v1", "Node", "ip-10-0-1-1", status={"conditions": [{"type": "Ready", "status": "True"}]})


def release(name, status=None):
    o = obj(HR, "HelmRelease", name, "kube-system", labels=LABELS, status=status)
    o["metadata"]["generation"] = 1
    return o


def metrics_api(status="True"):
    reason = "Passed" if status == "True" else "FailedDiscoveryCheck"
    conditions = [{"type": "Available", "status": status, "reason": reason, "message": "no response"}]
    return obj("apiregistration.k8s.io/v1", "APIService", "v1beta1.metrics.k8s.io", status={"conditions": conditions})


def check(objects, running=True):
    (res,) = v.run_checks(Store(objects, SERVED), {"components": ["flux", "autoscaling"], "controllers_running": running, "checks": ["autoscaling"]})
    return res


def test_no_kubelets_no_release_is_skipped_with_the_reason():
    res = check([], running=False)
    assert res["status"] == "skipped" and "no kubelets" in res["summary"]


def test_nodes_without_metrics_server_fail():
    res = check([node()])
    assert res["status"] == "failed" and res["rows"][0]["ref"] == "HelmRelease/kube-system/metrics-server"


def test_applied_not_reconciled_without_controllers():
    res = check([release("metrics-server"), release("cluster-autoscaler")], running=False)
    assert res["status"] == "passed" and res["summary"] == "2 autoscaling HelmReleases applied, not reconciled (no controllers)"


def test_ready_releases_need_the_metrics_api_available():
    objs = [node(), release("metrics-server", READY), release("cluster-autoscaler", READY)]
    res = check(objs + [metrics_api("False")])
    assert res["status"] == "failed" and res["rows"][0]["reason"] == "FailedDiscoveryCheck"
    assert check(objs)["rows"][0]["reason"] == "NotFound"
    res = check(objs + [metrics_api()])
    assert res["status"] == "passed" and res["summary"].endswith("metrics.k8s.io available")


def test_helm_releases_expects_no_autoscaling_release_without_kubelets():
    served = SERVED | {("v1", "Namespace")}
    cfg = {"components": ["flux", "autoscaling"], "controllers_running": False, "checks": ["helm_releases"]}
    (res,) = v.run_checks(Store([], served), cfg)
    assert res["status"] == "passed", res
    (res,) = v.run_checks(Store([node()], served), cfg)
    assert res["status"] == "failed" and res["rows"][0]["ref"] == "HelmRelease/kube-system/*"


def test_secrets_check_without_controllers_and_with_a_failing_store():
    served = SERVED | {("external-secrets.io/v1", k) for k in ("ClusterSecretStore", "SecretStore", "ExternalSecret")}
    cfg = {"components": ["flux", "secrets"], "controllers_running": False, "checks": ["secrets"]}
    labels = {"platform.runtime/component": "secrets"}
    hr = obj(HR, "HelmRelease", "external-secrets", "external-secrets", labels=labels)
    (res,) = v.run_checks(Store([hr], SERVED), cfg)
    assert res["status"] == "passed" and "external-secrets.io is not served" in res["notes"][0]
    (res,) = v.run_checks(Store([], SERVED), cfg)
    assert res["status"] == "failed" and res["rows"][0]["ref"] == "HelmRelease/external-secrets/external-secrets"
    bad = obj("external-secrets.io/v1", "SecretStore", "team-secrets", "payments-prod", labels=labels)
    bad["status"] = {"conditions": [{"type": "Ready", "status": "False", "reason": "InvalidProviderConfig", "message": "AccessDenied"}]}
    (res,) = v.run_checks(Store([dict(hr, status=READY), bad], served), dict(cfg, controllers_running=True))
    assert res["status"] == "failed" and [r["ref"] for r in res["rows"]] == ["SecretStore/payments-prod/team-secrets"]
