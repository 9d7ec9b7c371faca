"""The flux role against the real 1.20 control plane: install, idempotency, check mode, App of Apps, export.

The control plane has no nodes, so the controllers never run: the inventory turns the controller waits off
(with a warning) and overrides the Kubernetes version check (1.20 < Flux 2.9's minimum 1.34.1).
"""

from __future__ import annotations

import os

import pytest
import yaml

from ansible_collections.platform.runtime.tests.support.kubetest import crd_established

pytestmark = pytest.mark.k8s

PLAYBOOK = "tests/integration/playbooks/flux.yml"


@pytest.fixture(scope="module")
def flux_vars(control_plane, upstream_dir, tmp_path_factory):
    return {
        "platform_kubeconfig": control_plane["kubeconfig"],
        "flux_allow_unsupported_kubernetes": True,
        "flux_wait_controllers": False,
        "flux_app_of_apps_enabled": True,
        "flux_git_url": "https://git.example.com/platform.git",
        "flux_git_ref": {"tag": "v1.0.0"},
        "flux_export_dir": str(tmp_path_factory.mktemp("flux-export")),
    }


def warnings_of(result, task):
    out = []
    for r in result.task_results(task):
        out += r.get("warnings", [])
    return out


@pytest.fixture(scope="module")
def first_run(run_playbook, flux_vars):
    result = run_playbook(PLAYBOOK, extra_vars=flux_vars)
    assert result.rc == 0 and not result.failed(), result.explain()
    return result


def test_install_establishes_crds_and_warns(first_run, kube):
    assert first_run.changed() > 0
    crds = [c for c in kube.list("apiextensions.k8s.io/v1", "CustomResourceDefinition") if c["spec"]["group"].endswith(".toolkit.fluxcd.io")]
    assert len(crds) == 11 and all(crd_established(c) for c in crds)
    deps = kube.list("apps/v1", "Deployment", namespace="flux-system")
    assert {d["metadata"]["name"] for d in deps} == {
        "source-controller",
        "kustomize-controller",
        "helm-controller",
        "notification-controller",
    }
    managers = {m["manager"] for m in deps[0]["metadata"]["managedFields"]}
    assert "platform.runtime-flux" in managers
    warnings = " ".join(warnings_of(first_run, "Apply the Flux install manifest"))
    assert "older than 1.34.1" in warnings
    assert "older than 1.25" in warnings and "x-kubernetes-validations" in warnings
    assert "not waiting for the Flux controllers" in warnings


def test_app_of_apps_applied(first_run, kube):
    ks = {k["metadata"]["name"]: k for k in kube.list("kustomize.toolkit.fluxcd.io/v1", "Kustomization", namespace="flux-system")}
    assert {"platform-root", "platform-services", "workloads"} <= set(ks)
    assert ks["workloads"]["spec"]["dependsOn"] == [{"name": "platform-services"}]
    repo = kube.get(
        {
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "GitRepository",
            "metadata": {"name": "platform", "namespace": "flux-system"},
        }
    )
    assert repo["spec"]["ref"] == {"tag": "v1.0.0"}


def test_export_layout(first_run, flux_vars):
    root = flux_vars["flux_export_dir"]
    with open(os.path.join(root, "kustomization.yaml")) as f:
        assert sorted(yaml.safe_load(f)["resources"]) == ["flux-system", "platform"]
    with open(os.path.join(root, "flux-system", "gotk-components.yaml")) as f:
        assert len([d for d in yaml.safe_load_all(f) if d and d["kind"] == "CustomResourceDefinition"]) == 11
    with open(os.path.join(root, "platform", "kustomization.yaml")) as f:
        for name in yaml.safe_load(f)["resources"]:
            assert os.path.exists(os.path.join(root, "platform", name)), name


def test_second_run_changes_nothing(first_run, run_playbook, flux_vars):
    result = run_playbook(PLAYBOOK, extra_vars=flux_vars)
    assert result.rc == 0, result.explain()
    assert result.changed() == 0, result.explain()


def test_check_mode_changes_nothing(first_run, run_playbook, flux_vars, kube):
    before = kube.get(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "helm-controller", "namespace": "flux-system"},
        }
    )
    changed_vars = dict(flux_vars, flux_multi_tenancy=True, flux_git_ref={"branch": "other"})
    result = run_playbook(PLAYBOOK, extra_vars=changed_vars, check=True, diff=True)
    assert result.rc == 0, result.explain()
    assert result.changed() > 0  # it predicts the lockdown and the new ref ...
    after = kube.get(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "helm-controller", "namespace": "flux-system"},
        }
    )
    assert after["metadata"]["resourceVersion"] == before["metadata"]["resourceVersion"]  # ... but changes nothing
    again = run_playbook(PLAYBOOK, extra_vars=flux_vars, check=True)
    assert again.rc == 0 and again.changed() == 0, again.explain()


def test_version_check_fails_without_override(first_run, run_playbook, flux_vars):
    result = run_playbook(PLAYBOOK, extra_vars=dict(flux_vars, flux_allow_unsupported_kubernetes=False))
    assert result.rc != 0
    msg = result.task_results("Apply the Flux install manifest")[0]["msg"]
    assert "Kubernetes 1.20.2 is older than 1.34.1, the minimum Flux 2.9.4 supports" in msg


def test_bad_interval_fails_before_apply(first_run, run_playbook, flux_vars):
    result = run_playbook(PLAYBOOK, extra_vars=dict(flux_vars, flux_kustomization_interval="10 minutes"))
    assert result.rc != 0
    assert "interval='10 minutes'" in result.stdout and "Go duration" in result.stdout


def test_the_install_manifest_comes_through_a_mirror_verified(first_run, run_playbook, flux_vars, upstream_dir, tmp_path):
    """The resolver downloads through a mirror, pins the release asset on first use, and refuses a changed one."""
    from ansible_collections.platform.runtime.plugins.module_utils.upstream_pins import sha256_file
    from ansible_collections.platform.runtime.tests.support.mirror import Mirror

    good = sha256_file(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml"))
    with Mirror(upstream_dir) as mirror:
        mirror_vars = dict(
            flux_vars,
            platform_upstream_mirror=mirror.url,
            platform_upstream_cache=str(tmp_path / "cache"),
            platform_upstream_lock_file=str(tmp_path / "inventory" / "platform-upstream.lock.json"),
        )
        result = run_playbook(PLAYBOOK, extra_vars=mirror_vars)
        assert result.rc == 0, result.explain()
        assert "/github.com/fluxcd/flux2/releases/download/v2.9.4/install.yaml" in mirror.requests
        assert sha256_file(str(tmp_path / "cache" / "flux-2.9.4" / "install.yaml")) == good
        with open(tmp_path / "inventory" / "platform-upstream.lock.json") as f:
            assert yaml.safe_load(f)["files"]["flux-2.9.4/install.yaml"]["sha256"] == good
        # The manifest is the one already installed: nothing to apply.
        apply = result.task_results("Apply the Flux install manifest")[0]
        assert apply["changed"] is False, apply

        # The mirror now serves other bytes: refused against the lock file before anything is applied.
        mirror.tamper.add("flux-2.9.4/install.yaml")
        refused = run_playbook(PLAYBOOK, extra_vars=dict(mirror_vars, platform_upstream_cache=str(tmp_path / "cache-bad")))
    assert refused.rc != 0
    assert "upstream flux-2.9.4/install.yaml: sha256 mismatch" in refused.stdout and f"expected {good}" in refused.stdout
    assert refused.task_results("Apply the Flux install manifest") == []
    assert not os.path.exists(tmp_path / "cache-bad" / "flux-2.9.4" / "install.yaml")
