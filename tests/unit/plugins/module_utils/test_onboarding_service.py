"""The onboarding flows (module_utils/onboarding_service.py) over the fake client of test_kube.py."""

from __future__ import annotations

import re

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import kube
from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob
from ansible_collections.platform.runtime.plugins.module_utils import onboarding_service as svc
from ansible_collections.platform.runtime.tests.support.kubetest import FakeClient

SETTINGS = ob.merge_settings()


def _matches(labels, selector):
    for term in re.split(r",(?![^()]*\))", selector or ""):
        term = term.strip()
        if not term:
            continue
        if " in (" in term:
            key, values = term.split(" in (")
            if labels.get(key) not in values.rstrip(")").split(","):
                return False
        elif "=" in term:
            key, value = term.split("=", 1)
            if labels.get(key) != value:
                return False
        elif term not in labels:
            return False
    return True


class Cluster(FakeClient):
    """FakeClient with label selectors, deletes, and applies that are stored (so a later GET sees them)."""

    def __init__(self, objects=(), fail=(), served=("all",)):
        super().__init__(objects, fail)
        self.served_groups = served

    def list(self, api_version, kind, namespace=None, label_selector=None):
        self.lists.append((kind, namespace, label_selector))
        return [
            o
            for o in self.objects.values()
            if o["kind"] == kind and namespace in (None, o["metadata"].get("namespace")) and _matches(o["metadata"].get("labels") or {}, label_selector)
        ]

    def apply(self, obj, field_manager=None, dry_run=False):
        out = super().apply(obj, field_manager=field_manager, dry_run=dry_run)
        if not dry_run:
            self.objects[kube.obj_key(obj)] = obj
        return out

    def delete(self, obj, dry_run=False):
        self.calls.append(("DELETE" + (" dry-run" if dry_run else ""), kube.obj_ref(obj)))
        if not dry_run:
            self.objects.pop(kube.obj_key(obj), None)

    def resource_info(self, api_version, kind):
        if "all" not in self.served_groups and api_version.split("/")[0] not in self.served_groups and api_version != "v1" and "rbac" not in api_version:
            raise kube.KubeError("not served", status=404)
        return super().resource_info(api_version, kind)

    def applied(self):
        return [ref for verb, ref in self.calls if verb == "APPLY"]


def team(name="backend", **extra):
    spec = {"name": name, "groups": {"admin": [f"{name}-admins"], "edit": [f"{name}-developers"], "view": [f"{name}-viewers"]}}
    spec.update(extra)
    return spec


def teams(*specs, env="dev"):
    return ob.validate_teams(list(specs), env, SETTINGS)


def namespace(name, owner=None, env="dev"):
    labels = {ob.TEAM_LABEL: owner, ob.ENV_LABEL: env, "app.kubernetes.io/managed-by": "platform.runtime"} if owner else {}
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}


def test_onboard_applies_tenant_roles_and_team_objects_then_nothing():
    cluster = Cluster()
    out, error = svc.onboard(cluster, teams(team()), "dev", SETTINGS, istio="never", gitops="never")
    assert error is None
    assert out["summary"]["created"][-6:] == [
        "ClusterRole/platform-tenant-admin",
        "ClusterRole/platform-tenant-edit",
        "ClusterRole/platform-tenant-view",
        "ClusterRole/platform-tenant-admin-rules",
        "ClusterRole/platform-tenant-edit-rules",
        "ClusterRole/platform-tenant-view-rules",
    ]
    assert "Namespace/backend-dev" in out["summary"]["created"] and out["changed"] is True
    rb = cluster.objects[("rbac.authorization.k8s.io/v1", "RoleBinding", "backend-dev", "team-edit")]
    assert rb["roleRef"]["name"] == "platform-tenant-edit"
    # Stored objects carry the desired hash: a second run sends nothing.
    cluster.calls.clear()
    out, error = svc.onboard(cluster, teams(team()), "dev", SETTINGS, istio="never", gitops="never")
    assert error is None and out["changed"] is False and cluster.applied() == []


def test_onboard_refuses_another_teams_namespace_before_any_change():
    cluster = Cluster([namespace("backend-local", owner="backend", env="local")])
    t4 = teams(team("t4", namespace={"dev": "backend-local"}, adopt=True))
    out, error = svc.onboard(cluster, t4, "dev", SETTINGS)
    assert error.startswith("refusing to onboard, nothing was applied: ")
    assert "namespace 'backend-local' exists and is owned by team 'backend' (environment local)" in error
    assert "adopt does not move a namespace between teams" in error
    assert cluster.applied() == [] and out["adopted"] == []


def test_onboard_unmanaged_namespace_needs_adopt():
    cluster = Cluster([namespace("legacy")])
    out, error = svc.onboard(cluster, teams(team("web", namespace="legacy")), "dev", SETTINGS, istio="never", gitops="never")
    assert "namespace 'legacy' exists and is not managed by the platform; to adopt it on purpose set adopt: true" in error
    assert cluster.applied() == []
    out, error = svc.onboard(cluster, teams(team("web", namespace="legacy", adopt=True)), "dev", SETTINGS, istio="never", gitops="never")
    assert error is None and out["adopted"] == ["legacy"]
    assert cluster.objects[("v1", "Namespace", "", "legacy")]["metadata"]["labels"][ob.TEAM_LABEL] == "web"
    # Once adopted it is the team's: no adopt needed any more.
    out, error = svc.onboard(cluster, teams(team("web", namespace="legacy")), "dev", SETTINGS, istio="never", gitops="never")
    assert error is None and out["adopted"] == [] and out["changed"] is False


def _bound_to_built_in_roles():
    """backend's objects as an older release applied them: RoleBindings to the built-in admin/edit/view roles."""
    old = list(ob.build_team(teams(team())[0], "dev", SETTINGS, istio=False, flux=False))
    for o in old:
        if o["kind"] == "RoleBinding":
            o["roleRef"] = dict(o["roleRef"], name=o["roleRef"]["name"].replace("platform-tenant-", ""))
    return old


def test_role_bindings_to_the_built_in_roles_are_replaced():
    cluster = Cluster(_bound_to_built_in_roles())
    out, error = svc.onboard(cluster, teams(team()), "dev", SETTINGS, check=True, istio="never", gitops="never")
    assert error is None and sorted(out["replaced"]) == [
        "RoleBinding/backend-dev/team-admin",
        "RoleBinding/backend-dev/team-edit",
        "RoleBinding/backend-dev/team-view",
    ]
    assert ("DELETE dry-run", "RoleBinding/backend-dev/team-edit") in cluster.calls
    assert "RoleBinding/backend-dev/team-edit" not in cluster.applied()  # a dry-run apply would be refused: roleRef is immutable
    out, error = svc.onboard(cluster, teams(team()), "dev", SETTINGS, istio="never", gitops="never")
    assert error is None and len(out["replaced"]) == 3
    assert cluster.calls.index(("DELETE", "RoleBinding/backend-dev/team-edit")) < cluster.calls.index(("APPLY", "RoleBinding/backend-dev/team-edit"))
    assert cluster.objects[("rbac.authorization.k8s.io/v1", "RoleBinding", "backend-dev", "team-view")]["roleRef"]["name"] == "platform-tenant-view"


def test_prune_deletes_owned_objects_no_longer_desired():
    cluster = Cluster()
    spec = team(egress_cidrs=["10.20.0.0/16"])
    assert svc.onboard(cluster, teams(spec), "dev", SETTINGS, istio="never", gitops="never")[1] is None
    del spec["egress_cidrs"]
    out, error = svc.onboard(cluster, teams(spec), "dev", SETTINGS, istio="never", gitops="never", diff=True)
    assert error is None and out["pruned"] == ["NetworkPolicy/backend-dev/allow-egress-cidrs"]
    assert out["diff"][-1]["after"] == {} and ("networking.k8s.io/v1", "NetworkPolicy", "backend-dev", "allow-egress-cidrs") not in cluster.objects


def test_istio_always_fails_when_not_served():
    cluster = Cluster(served=())
    with pytest.raises(ob.OnboardingError, match=r"Istio CRDs \(security.istio.io/v1 PeerAuthentication"):
        svc.onboard(cluster, teams(team()), "prod", SETTINGS, istio="always")
    out, error = svc.onboard(cluster, teams(team()), "prod", SETTINGS)
    assert error is None and any("Istio CRDs" in m and "skipped" in m for m in out["left_out"])


def deployment(ns):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": ns}}


def test_offboard_refuses_with_workloads_then_force_waits():
    spec = teams(team())
    cluster = Cluster([namespace("backend-dev", owner="backend"), deployment("backend-dev"), namespace("other-dev")])
    out, error = svc.offboard(cluster, spec, "dev")
    assert error.startswith("refusing to offboard backend in dev") and out["blocking"] == ["Deployment/backend-dev/api"]
    assert not [c for c in cluster.calls if c[0].startswith("DELETE")]
    out, error = svc.offboard(cluster, spec, "dev", force=True, check=True)
    assert error is None and out["summary"]["deleted"] == ["Namespace/backend-dev"] and "Deployment/backend-dev/api" in out["would_delete"]
    assert ("v1", "Namespace", "", "backend-dev") in cluster.objects
    out, error = svc.offboard(cluster, spec, "dev", force=True, sleep=lambda s: None)
    assert error is None and ("v1", "Namespace", "", "backend-dev") not in cluster.objects


def test_offboard_reports_namespaces_that_do_not_go_away():
    class Stuck(Cluster):
        def delete(self, obj, dry_run=False):
            self.calls.append(("DELETE", kube.obj_ref(obj)))  # the namespace stays (a finalizer)

    ticks = iter(range(0, 1000, 10))
    cluster = Stuck([namespace("backend-dev", owner="backend")])
    out, error = svc.offboard(cluster, teams(team()), "dev", wait_timeout=30, clock=lambda: next(ticks), sleep=lambda s: None)
    assert error == "namespaces still terminating after 30s: backend-dev (gone)"


def test_offboard_leaves_namespaces_without_the_labels():
    cluster = Cluster([namespace("backend-dev")])
    out, error = svc.offboard(cluster, teams(team()), "dev", force=True)
    assert error is None and out["not_owned"] == ["backend-dev"] and out["changed"] is False


def params(**kw):
    base = dict(teams=[team()], select=[], environment="dev", environments={}, presets={}, network={}, istio_revision=None, mesh_injection=True)
    base.update(egress={}, platform_namespaces={}, istio="never", gitops="never", prune=True, state="present", force=False, wait_timeout=5, workers=2)
    base.update(kw)
    return base


def test_run_refuses_bad_input_before_connecting():
    def no_client():
        raise AssertionError("connected despite invalid input")

    bad = team(groups={"edit": ["system:authenticated"]}, egress_cidrs=["0.0.0.0/0"], namespace="kube-system")
    with pytest.raises(svc.OnboardingFailed) as err:
        svc.run(params(teams=[bad]), connect=no_client)
    text = str(err.value)
    assert text.startswith("invalid onboarding input, nothing was applied: ")
    assert "field 'groups.edit' = 'system:authenticated'" in text
    assert "field 'egress_cidrs' = '0.0.0.0/0': expected a network no wider than /8" in text and "allow_internet_egress: true" in text
    assert "field 'namespace' = 'kube-system'" in text
    assert len(err.value.result["errors"]) == 3


def test_run_reports_warnings_and_kube_errors():
    cluster = Cluster()
    specs = [team(allow_internet_egress=True, egress_cidrs=["0.0.0.0/0"]), team("web", groups={"view": ["backend-viewers"]})]
    out = svc.run(params(teams=specs), connect=lambda: cluster)
    assert out["warnings"] == [
        "team 'backend': egress_cidrs 0.0.0.0/0 is wider than /8 and opens egress to the internet (allow_internet_egress: true)",
        "group 'backend-viewers' is bound by several teams: backend (view), web (view); its members get each of these roles",
    ]

    class Down(Cluster):
        def list(self, *a, **k):
            raise kube.KubeError("connection refused", status=0)

    with pytest.raises(svc.OnboardingFailed, match="Kubernetes API error: connection refused") as err:
        svc.run(params(), connect=Down)
    assert err.value.result["status"] == 0


def test_changes_are_reported_per_team_for_the_site_plan():
    cluster = Cluster()
    backend, frontend = team(egress_cidrs=["10.20.0.0/16"]), team("frontend")
    out, error = svc.onboard(cluster, teams(backend, frontend), "dev", SETTINGS, istio="never", gitops="never")
    assert error is None and sorted(out["teams"]) == ["backend", "frontend"]
    assert out["teams"]["backend"]["namespaces"] == ["backend-dev"] and out["teams"]["frontend"]["namespaces"] == ["frontend-dev"]
    assert "Namespace/backend-dev" in out["teams"]["backend"]["created"] and "Namespace/frontend-dev" in out["teams"]["frontend"]["created"]
    assert not any(ref.startswith("ClusterRole/") for t in out["teams"].values() for ref in t["created"])  # shared: summary only
    assert all(ref.split("/")[1] == "frontend-dev" for ref in out["teams"]["frontend"]["created"])

    # backend drops its egress CIDRs, frontend's quota drifted: each shows under its own team, in check mode too.
    del backend["egress_cidrs"]
    quota = next(o for k, o in cluster.objects.items() if k[1] == "ResourceQuota" and k[2] == "frontend-dev")
    quota["spec"] = {"hard": {"pods": "1"}}
    quota["metadata"].setdefault("annotations", {}).clear()
    out, error = svc.onboard(cluster, teams(backend, frontend), "dev", SETTINGS, istio="never", gitops="never", check=True)
    assert error is None
    assert out["teams"]["backend"] == {"namespaces": ["backend-dev"], "created": [], "changed": [], "pruned": ["NetworkPolicy/backend-dev/allow-egress-cidrs"]}
    assert out["teams"]["frontend"]["changed"] == [kube.obj_ref(quota)] and out["teams"]["frontend"]["pruned"] == []


def test_replaced_role_bindings_are_changes_of_their_team():
    cluster = Cluster(_bound_to_built_in_roles())
    for check in (True, False):
        out, error = svc.onboard(cluster, teams(team()), "dev", SETTINGS, check=check, istio="never", gitops="never")
        assert error is None
        assert {r for r in out["teams"]["backend"]["changed"] if r.startswith("RoleBinding/")} == {
            "RoleBinding/backend-dev/team-admin",
            "RoleBinding/backend-dev/team-edit",
            "RoleBinding/backend-dev/team-view",
        }, check
        assert not any(r.startswith("RoleBinding/") for r in out["teams"]["backend"]["created"])
