"""flux_installer.install (the flux_install service) against the recording fake client and a small install manifest."""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import flux, flux_installer
from ansible_collections.platform.runtime.tests.support.kubetest import FakeClient

GROUPS = {
    "source-controller": ("source.toolkit.fluxcd.io", "GitRepository"),
    "kustomize-controller": ("kustomize.toolkit.fluxcd.io", "Kustomization"),
    "helm-controller": ("helm.toolkit.fluxcd.io", "HelmRelease"),
    "notification-controller": ("notification.toolkit.fluxcd.io", "Alert"),
}
ESTABLISHED = {"conditions": [{"type": "Established", "status": "True"}]}
AVAILABLE = {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1, "readyReplicas": 1}


def install_manifest():
    """The shape of a Flux release's install.yaml: namespace, one CRD and one Deployment per controller."""
    docs = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "flux-system"}}]
    for controller, (group, kind) in GROUPS.items():
        plural = kind.lower() + "s"
        docs.append(
            {
                "apiVersion": "apiextensions.k8s.io/v1",
                "kind": "CustomResourceDefinition",
                "metadata": {"name": f"{plural}.{group}"},
                "spec": {"group": group, "names": {"kind": kind, "plural": plural}, "scope": "Namespaced", "versions": []},
            }
        )
        docs.append(
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {"name": controller, "namespace": "flux-system", "generation": 1},
                "spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "manager", "args": ["--log-level=info"]}]}}},
            }
        )
    return docs


def deployment_reads(client):
    reads = {}
    for verb, ref in client.calls:
        if verb == "GET" and ref.startswith("Deployment/"):
            reads[ref.rsplit("/", 1)[1]] = reads.get(ref.rsplit("/", 1)[1], 0) + 1
    return reads


@pytest.fixture
def src(tmp_path):
    path = tmp_path / "install.yaml"
    path.write_text(yaml.safe_dump_all(install_manifest()))
    return str(path)


def ready_client(version="v1.34.1", **kw):
    statuses = {f"{k.lower()}s.{g}": ESTABLISHED for g, k in GROUPS.values()}
    statuses.update({c: AVAILABLE for c in GROUPS})
    return FakeClient(statuses=statuses, version=version, **kw)


def test_install_applies_selected_components_and_waits_for_their_controllers(src):
    client = ready_client()
    warned = []
    components = ["source-controller", "kustomize-controller"]
    result = flux_installer.install(lambda: client, src, components=components, multi_tenancy=True, warn=warned.append, poll_interval=0.01)
    assert result["server_version"] == "v1.34.1" and result["changed"] is True and warned == []
    applied = [ref for verb, ref in client.calls if verb == "APPLY"]
    assert applied[:2] == [
        "CustomResourceDefinition/gitrepositorys.source.toolkit.fluxcd.io",
        "CustomResourceDefinition/kustomizations.kustomize.toolkit.fluxcd.io",
    ]
    assert sorted(applied[2:]) == ["Deployment/flux-system/kustomize-controller", "Deployment/flux-system/source-controller", "Namespace/flux-system"]
    kustomize = next(o for o in client.objects.values() if o["metadata"]["name"] == "kustomize-controller")
    assert kustomize["spec"]["template"]["spec"]["containers"][0]["args"][-3:] == flux.MULTI_TENANCY_ARGS["kustomize-controller"]
    assert deployment_reads(client) == {"source-controller": 2, "kustomize-controller": 2}, "read to apply, then read again to wait"


def test_install_refuses_an_old_server_unless_overridden_and_then_warns(src):
    with pytest.raises(flux_installer.InstallError, match="Kubernetes 1.20.2 is older than 1.34.1") as e:
        flux_installer.install(lambda: ready_client("v1.20.2"), src)
    assert e.value.result["server_version"] == "v1.20.2"
    warned = []
    client = ready_client("v1.20.2")
    flux_installer.install(lambda: client, src, allow_unsupported_kubernetes=True, wait_controllers=False, warn=warned.append)
    assert "continuing because the version check is overridden" in warned[0]
    assert warned[1].startswith("not waiting for the Flux controllers (source-controller, kustomize-controller, helm-controller, notification-controller)")
    assert set(deployment_reads(client).values()) == {1}, "read to apply only: no wait when wait_controllers is false"


def test_install_check_mode_dry_runs_and_does_not_wait(src):
    client = ready_client()
    result = flux_installer.install(lambda: client, src, check_mode=True, diff=True)
    assert not [c for c in client.calls if c[0] == "APPLY"]
    assert result["changed"] is True and result["diff"]
    assert set(deployment_reads(client).values()) == {1}, "read to predict only: no wait in check mode"


def test_install_reports_controllers_that_do_not_become_available(src):
    client = ready_client()
    client.statuses["helm-controller"] = {
        "observedGeneration": 1,
        "conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}],
    }
    with pytest.raises(flux_installer.InstallError, match=r"Flux controllers not Available \(failed after") as e:
        flux_installer.install(lambda: client, src, poll_interval=0.01)
    assert [r["ref"] for r in e.value.result["not_ready"]] == ["Deployment/flux-system/helm-controller"]
    assert e.value.result["summary"]["created"], "the failure still reports what was applied"


def test_install_checks_input_before_connecting_and_exports_without_applying(src, tmp_path):
    def connect():
        raise AssertionError("must not connect")

    with pytest.raises(flux.FluxError, match="source-controller among them"):
        flux_installer.install(connect, src, components=["helm-controller"])
    empty = tmp_path / "empty.yaml"
    empty.write_text(yaml.safe_dump({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}}))
    with pytest.raises(flux.FluxError, match="expected a Flux install manifest with CRDs and controller Deployments"):
        flux_installer.install(connect, str(empty))
    out = tmp_path / "export.yaml"
    assert flux_installer.install(connect, src, apply=False, export_path=str(out), check_mode=True)["changed"] is True
    assert not os.path.exists(out), "check mode writes nothing"
    assert flux_installer.install(connect, src, apply=False, export_path=str(out)) == {"changed": True, "summary": {}, "results": []}
    assert len(list(yaml.safe_load_all(out.read_text()))) == 9
    assert flux_installer.install(connect, src, apply=False, export_path=str(out))["changed"] is False
