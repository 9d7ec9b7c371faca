"""Pure logic of the platform checks over an in-memory object store (the real cluster is in tests/integration)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ansible_collections.platform.runtime.plugins.module_utils import verify as v
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeError


class Store:
    """Serves list/get/version from a list of objects; kinds in ``served`` only (others are 404, as on a server)."""

    def __init__(self, objects, served):
        self.objects, self.served = objects, set(served)

    def version(self):
        return {"gitVersion": "v1.20.2"}

    def list(self, api_version, kind, namespace=None, label_selector=None):
        if (api_version, kind) not in self.served:
            raise KubeError(f"{kind} not served", status=404, reason="NotFound")
        out = []
        for o in self.objects:
            if o["apiVersion"] != api_version or o["kind"] != kind:
                continue
            if namespace and o["metadata"].get("namespace") != namespace:
                continue
            labels = o["metadata"].get("labels") or {}
            if label_selector and not all((k in labels) if "=" not in k else labels.get(k.split("=")[0]) == k.split("=")[1] for k in label_selector.split(",")):
                continue
            out.append(o)
        return out

    def get(self, obj):
        for o in self.list(obj["apiVersion"], obj["kind"], obj["metadata"].get("namespace")):
            if o["metadata"]["name"] == obj["metadata"]["name"]:
                return o
        return None


def ns(name, labels=None, phase="Active"):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}, "status": {"phase": phase}}


def obj(api, kind, name, namespace=None, spec=None, status=None, labels=None):
    md = {"name": name, "labels": labels or {}}
    if namespace:
        md["namespace"] = namespace
    return {"apiVersion": api, "kind": kind, "metadata": md, "spec": spec or {}, "status": status or {}}


TEAM = {"platform.runtime/team": "payments", "platform.runtime/environment": "prod", "istio-injection": "enabled"}
SERVED = {
    ("v1", "Namespace"),
    ("v1", "Node"),
    ("v1", "Pod"),
    ("v1", "ResourceQuota"),
    ("v1", "LimitRange"),
    ("security.istio.io/v1", "PeerAuthentication"),
    ("templates.gatekeeper.sh/v1", "ConstraintTemplate"),
    ("constraints.gatekeeper.sh/v1beta1", "K8sRequiredLabels"),
    ("helm.toolkit.fluxcd.io/v2", "HelmRelease"),
}


def base_objects():
    return [
        ns("payments-prod", TEAM),
        ns("istio-system"),
        obj("v1", "ResourceQuota", "team-quota", "payments-prod"),
        obj("v1", "LimitRange", "team-limits", "payments-prod"),
        obj("security.istio.io/v1", "PeerAuthentication", "default", "istio-system", {"mtls": {"mode": "STRICT"}}),
    ]


def run(objects, served=None, **cfg):
    config = {"components": ["flux", "istio", "gatekeeper"], "environment": "prod", "controllers_running": True}
    config.update(cfg)
    return {r["name"]: r for r in v.run_checks(Store(objects, SERVED if served is None else served), config)}


def test_no_nodes_skips_nodes_and_system_pods_with_the_reason():
    res = run(base_objects(), checks=["cluster", "nodes", "system_pods"])
    assert res["cluster"]["status"] == "passed" and "v1.20.2" in res["cluster"]["summary"]
    assert res["nodes"]["status"] == "skipped" and "no nodes" in res["nodes"]["summary"]
    assert res["system_pods"]["status"] == "skipped"


def test_a_node_that_is_not_ready_fails_by_name():
    node = obj("v1", "Node", "worker-1", status={"conditions": [{"type": "Ready", "status": "False", "reason": "KubeletNotReady", "message": "PLEG"}]})
    res = run(base_objects() + [node], checks=["nodes"])
    assert res["nodes"]["status"] == "failed"
    assert res["nodes"]["rows"] == [{"ref": "Node/worker-1", "state": "not ready", "reason": "KubeletNotReady", "message": "PLEG"}]


def test_a_team_namespace_without_quota_fails_naming_it():
    objects = [o for o in base_objects() if o["kind"] != "ResourceQuota"]
    res = run(objects, checks=["team_quotas"])
    assert res["team_quotas"]["status"] == "failed"
    assert [r["ref"] for r in res["team_quotas"]["rows"]] == ["ResourceQuota/payments-prod/*"]


def test_peer_authentication_mode_comes_from_the_namespace_or_the_mesh():
    assert run(base_objects(), checks=["peer_authentication"], mtls_mode="STRICT")["peer_authentication"]["status"] == "passed"
    weak = base_objects() + [obj("security.istio.io/v1", "PeerAuthentication", "default", "payments-prod", {"mtls": {"mode": "PERMISSIVE"}})]
    res = run(weak, checks=["peer_authentication"], mtls_mode="STRICT")["peer_authentication"]
    assert res["status"] == "failed"
    assert res["rows"][0]["ref"] == "PeerAuthentication/payments-prod/default"
    assert "expected STRICT in prod" in res["rows"][0]["message"]


def test_no_peer_authentication_means_istio_default_permissive():
    objects = [o for o in base_objects() if o["kind"] != "PeerAuthentication"]
    res = run(objects, checks=["peer_authentication"], mtls_mode="STRICT")["peer_authentication"]
    assert res["status"] == "failed" and "Istio's default" in res["rows"][0]["message"]
    assert run(objects, checks=["peer_authentication"], mtls_mode="PERMISSIVE")["peer_authentication"]["status"] == "passed"


def test_injection_label_missing_fails():
    objects = [ns("payments-prod", {k: val for k, val in TEAM.items() if k != "istio-injection"})] + base_objects()[1:]
    res = run(objects, checks=["injection"])["injection"]
    assert res["status"] == "failed" and res["rows"][0]["ref"] == "Namespace/payments-prod"


def template(kind):
    return obj("templates.gatekeeper.sh/v1", "ConstraintTemplate", kind.lower(), spec={"crd": {"spec": {"names": {"kind": kind}}}}, status={"created": True})


def test_constraints_must_have_the_environments_enforcement_action():
    c = obj("constraints.gatekeeper.sh/v1beta1", "K8sRequiredLabels", "team-label", spec={"enforcementAction": "dryrun"})
    res = run(base_objects() + [template("K8sRequiredLabels"), c], checks=["gatekeeper"], enforcement_action="deny")["gatekeeper"]
    assert res["status"] == "failed"
    assert res["rows"][0]["ref"] == "K8sRequiredLabels/team-label" and res["rows"][0]["reason"] == "WrongEnforcementAction"
    ok = run(base_objects() + [template("K8sRequiredLabels"), c], checks=["gatekeeper"], enforcement_action="dryrun")["gatekeeper"]
    assert ok["status"] == "passed" and "1 constraints, all dryrun" in ok["summary"]


def test_constraint_crd_not_created_without_controllers_is_reported_not_failed():
    t = dict(template("K8sAllowedRepos"), status={})
    res = run(base_objects() + [t], checks=["gatekeeper"], controllers_running=False)["gatekeeper"]
    assert res["status"] == "passed"
    assert any("applied, not reconciled" in n for n in res["notes"])
    assert run(base_objects() + [t], checks=["gatekeeper"])["gatekeeper"]["status"] == "failed"


def test_helm_release_without_status_is_applied_not_reconciled_only_without_controllers():
    hr = obj("helm.toolkit.fluxcd.io/v2", "HelmRelease", "istiod", "istio-system")
    hr["metadata"]["generation"] = 1
    res = run(base_objects() + [hr], checks=["helm_releases"], controllers_running=False, components=["flux", "istio"])["helm_releases"]
    assert res["status"] == "passed" and "applied, not reconciled (no controllers)" in res["summary"]
    res = run(base_objects() + [hr], checks=["helm_releases"], components=["flux", "istio"])["helm_releases"]
    assert res["status"] == "failed" and res["rows"][0]["ref"] == "HelmRelease/istio-system/istiod"


def test_a_release_in_flux_system_counts_for_its_target_namespace():
    hr = obj("helm.toolkit.fluxcd.io/v2", "HelmRelease", "gatekeeper", "flux-system", spec={"targetNamespace": "gatekeeper-system"})
    hr["status"] = {"conditions": [{"type": "Ready", "status": "True", "reason": "InstallSucceeded"}]}
    res = run(base_objects() + [hr], checks=["helm_releases"], components=["flux", "gatekeeper"])["helm_releases"]
    assert res["status"] == "passed", res


def test_a_component_without_its_helm_release_fails():
    res = run(base_objects(), checks=["helm_releases"], components=["flux", "gatekeeper"])["helm_releases"]
    assert res["status"] == "failed"
    assert res["rows"][0]["ref"] == "HelmRelease/gatekeeper-system/*"


def test_checks_of_components_not_installed_are_skipped():
    res = run(base_objects(), components=["flux"], checks=["gatekeeper", "prometheus_rules", "backup_schedules", "injection"])
    assert {r["status"] for r in res.values()} == {"skipped"}
    assert res["gatekeeper"]["summary"] == "gatekeeper is not in platform_components"


def test_a_kind_not_served_fails_the_presence_check():
    res = run(base_objects(), components=["flux", "monitoring"], checks=["prometheus_rules"])["prometheus_rules"]
    assert res["status"] == "failed" and res["rows"][0]["reason"] == "NotServed"


def test_backup_schedules_without_controllers_are_applied_not_reconciled():
    # The Velero chart makes the Schedule CRD and the Schedules: without helm-controller neither exists.
    res = run(base_objects(), components=["flux", "backup"], checks=["backup_schedules"], controllers_running=False)["backup_schedules"]
    assert res["status"] == "passed" and "not reconciled (no controllers)" in res["summary"]
    res = run(base_objects(), components=["flux", "backup"], checks=["backup_schedules"])["backup_schedules"]
    assert res["status"] == "failed" and res["rows"][0]["reason"] == "NotServed"


def test_flux_crds_derived_from_flux_components():
    crd = obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", "gitrepositories.source.toolkit.fluxcd.io", spec={"group": "source.toolkit.fluxcd.io"})
    crd["status"] = {"conditions": [{"type": "Established", "status": "True"}]}
    dep = obj("apps/v1", "Deployment", "source-controller", "flux-system")
    served = SERVED | {("apiextensions.k8s.io/v1", "CustomResourceDefinition"), ("apps/v1", "Deployment")}
    res = run([crd, dep], served=served, checks=["flux"], flux_components=["source-controller"], controllers_running=False)["flux"]
    assert res["status"] == "passed", res
    res = run([crd, dep], served=served, checks=["flux"], flux_components=["source-controller", "helm-controller"], controllers_running=False)["flux"]
    assert res["status"] == "failed"
    refs = [r["ref"] for r in res["rows"]]
    assert "CustomResourceDefinition/*.helm.toolkit.fluxcd.io" in refs and "Deployment/flux-system/helm-controller" in refs
    res = run(
        [crd, dep],
        served=served,
        checks=["flux"],
        flux_components=["source-controller"],
        flux_crds=["gitrepositories.source.toolkit.fluxcd.io", "buckets.source.toolkit.fluxcd.io"],
        controllers_running=False,
    )["flux"]
    assert [r["ref"] for r in res["rows"]] == ["CustomResourceDefinition/buckets.source.toolkit.fluxcd.io"]


def test_an_unreachable_cluster_fails_cluster_and_skips_the_rest():
    class Down(Store):
        def version(self):
            raise KubeError("connection refused", status=0, reason="MaxRetryError")

    results = v.run_checks(Down([], SERVED), {"components": ["flux"], "checks": ["cluster", "namespaces"]})
    assert [r["status"] for r in results] == ["failed", "skipped"]
    assert "connection refused" in results[0]["summary"]


def test_table_and_junit_name_each_check_and_the_failing_object():
    objects = [o for o in base_objects() if o["kind"] != "LimitRange"]
    results = v.run_checks(Store(objects, SERVED), {"components": ["flux"], "environment": "prod", "checks": ["cluster", "nodes", "team_quotas"]})
    table = v.format_results(results)
    assert "cluster      PASSED" in table and "nodes        SKIPPED" in table and "team_quotas  FAILED" in table
    assert "LimitRange/payments-prod/*  missing  NotFound" in table
    root = ET.fromstring(v.junit_xml(results, cluster="prod-use1"))
    suite = root.find("testsuite")
    assert suite.get("name") == "platform.verify[prod-use1]" and suite.get("failures") == "1" and suite.get("skipped") == "1"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"cluster", "nodes", "team_quotas"}
    assert "LimitRange/payments-prod/*" in cases["team_quotas"].find("failure").text
    assert cases["nodes"].find("skipped") is not None
    assert v.failure_lines(results, "prod-use1") == [
        "cluster prod-use1: team_quotas: LimitRange/payments-prod/* missing (NotFound): team namespace payments-prod has no LimitRange"
    ]


def test_bad_settings_are_named():
    errors = v.check_config(v.defaults({"checks": ["dns"], "flux_components": ["image-controller"], "mtls_mode": "strict"}))
    assert errors == [
        "checks=['dns']: expected names among " + ", ".join(v.CHECKS),
        "flux_components=['image-controller']: expected names among source-controller, kustomize-controller, helm-controller, notification-controller",
        "mtls_mode='strict': expected one of STRICT, PERMISSIVE, DISABLE",
    ]
