"""`ansible-playbook site.yml -i inventories/local` against a control plane it starts itself.

Runs the real playbook from the checkout: first run changes, the re-run and --check change nothing,
and `platform_cluster_state=absent` leaves no process and no state directory behind.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils.envtest import _pid_alive
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient
from ansible_collections.platform.runtime.tests.support.helm import kubectl_binary
from ansible_collections.platform.runtime.tests.support.site import installed_components

pytestmark = [pytest.mark.k8s, pytest.mark.slow]

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


COMPONENTS = installed_components()


@pytest.fixture
def isolated(tmp_path, control_plane):  # control_plane: skip/fail consistently when binaries are missing
    state_dir = tmp_path / "state"
    kubeconfig = tmp_path / "kube" / "local.kubeconfig"
    return {
        "envtest_cluster_name": "site-test",
        "envtest_cluster_state_dir": str(state_dir),
        "envtest_cluster_kubeconfig_path": str(kubeconfig),
        "platform_components": COMPONENTS,
        "platform_report_path": str(tmp_path / "platform-report.html"),
    }


def _snapshot(root):
    out = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            with open(os.path.join(dirpath, name), "rb") as f:
                out[os.path.relpath(os.path.join(dirpath, name), root)] = f.read()
    return out


def _assert_component_export(export_dir, kubeconfig):
    """infrastructure/ holds every component's HelmRelease, policies/ the Gatekeeper templates and constraints, each
    exported object is live, and no Secret or secret value is written."""
    entry = os.path.join(export_dir, "clusters", "localhost")
    built = subprocess.run([shutil.which("kubectl") or kubectl_binary(), "kustomize", entry], capture_output=True, text=True, check=True)
    docs = [d for d in yaml.safe_load_all(built.stdout) if d]
    refs = {(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]) for d in docs}
    infra = _kinds(os.path.join(export_dir, "infrastructure"))
    releases = {name for kind, _ns, name in infra if kind == "HelmRelease"}
    assert {"cert-manager", "istiod", "istio-base", "istio-ingress", "gatekeeper", "kube-prometheus-stack", "velero"} <= releases, releases
    assert {kind for kind, _ns, _n in infra} >= {"HelmRepository", "HelmRelease", "ClusterIssuer", "PrometheusRule"}, infra
    policies = _kinds(os.path.join(export_dir, "policies"))
    templates = {n for kind, _ns, n in policies if kind == "ConstraintTemplate"}
    constraints = {(kind, n) for kind, _ns, n in policies if kind != "ConstraintTemplate"}
    assert templates and constraints, policies
    assert {kind.lower() for kind, _n in constraints} <= templates, (templates, constraints)
    assert infra <= refs and policies <= refs, "the cluster entry point does not build every component object"
    client = KubeClient(kubeconfig=kubeconfig)
    for d in docs:
        assert d["kind"] != "Secret"
        assert client.get(d) is not None, f"exported but not live: {d['kind']} {d['metadata'].get('namespace')}/{d['metadata']['name']}"
    with open(os.path.join(ROOT, "inventories/local/group_vars/all/monitoring.yml")) as f:
        mon = yaml.safe_load(f)
    secrets = list(mon["monitoring_receiver_secrets"].values()) + [mon["monitoring_grafana_admin_password"]]
    for rel, content in _snapshot(export_dir).items():
        for value in secrets:
            assert value.encode() not in content, f"{rel} holds a secret value"


def _kinds(directory):
    out = set()
    for name in os.listdir(directory):
        if name != "kustomization.yaml":
            with open(os.path.join(directory, name)) as f:
                d = yaml.safe_load(f)
            out.add((d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]))
    return out


def test_site_local_converges_idempotent_check_and_teardown(run_playbook, isolated):
    state_dir = isolated["envtest_cluster_state_dir"]
    try:
        export_dir = os.path.join(os.path.dirname(state_dir), "export")
        first = run_playbook("site.yml", inventory="inventories/local", extra_vars=dict(isolated, platform_export_dir=export_dir))
        assert first.rc == 0, first.explain()
        assert first.changed() >= 1
        kubeconfig = isolated["envtest_cluster_kubeconfig_path"]
        assert stat.S_IMODE(os.stat(kubeconfig).st_mode) == 0o600
        with open(os.path.join(state_dir, "state.json")) as f:
            pids = json.load(f)["pids"]
        assert set(pids) == {"etcd", "kube-apiserver", "kube-controller-manager"}
        # Flux, then cert-manager, then Istio: HelmReleases applied (not reconciled here), mesh and team traffic objects.
        reports = [r.get("msg", "") for r in first.task_results("as applied, not reconciled")]
        assert reports.index("HelmRelease cert-manager: applied, not reconciled (no controllers)") < reports.index(
            "HelmReleases istio-base, istiod, istio-ingress: applied, not reconciled (no controllers)"
        )
        client = KubeClient(kubeconfig=kubeconfig)
        assert client.get(
            {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "payment-api", "namespace": "payments-local"}}
        )
        assert client.get({"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "letsencrypt-prod"}})
        policy = first.task_results("Report the policy set")
        assert policy and "constraints (dryrun): applied, not enforced (no controller)" in policy[0]["msg"], first.explain()

        _assert_component_export(export_dir, kubeconfig)
        exported = _snapshot(export_dir)

        # The idempotent re-run (changed=0) is molecule's `platform` scenario; here --check on the converged platform.
        # It exports again over the first export: nothing to write or remove, and the bytes are unchanged.
        check = run_playbook("site.yml", "--diff", inventory="inventories/local", extra_vars=dict(isolated, platform_export_dir=export_dir), check=True)
        assert check.rc == 0, check.explain()
        assert check.changed() == 0, check.explain()
        # One plan for the whole run (the platform_plan callback): every component and team, nothing to do.
        assert check.plan["check"] is True and "PLATFORM PLAN (--check: what the run would do)" in check.stdout
        planned = check.plan["hosts"]["localhost"]
        # secrets and sealed_secrets run after onboarding (the teams' stores go into its namespaces).
        after = [c for c in COMPONENTS if c in ("secrets", "sealed_secrets")]
        want = ["platform_upstream", "cluster", *[c for c in COMPONENTS if c not in after], "onboarding", *after]
        assert list(planned["components"]) == want, planned["components"]
        assert sorted(planned["teams"]) == ["backend", "payments"]
        for name, entry in list(planned["components"].items()) + list(planned["teams"].items()):
            assert not any(entry[a] for a in ("created", "changed", "pruned", "other", "failed")), (name, entry)
        assert planned["teams"]["payments"]["namespaces"] == ["payments-local"]
        (again,) = check.task_results("Write clusters/<cluster>, infrastructure, policies and tenants/<team>")
        assert again["written"] == [] and again["removed"] == [], again
        assert set(again["files"]) == {f for f in exported if not f.startswith("clusters/localhost/flux/")}  # flux/ is the flux role's
        assert _snapshot(export_dir) == exported
    finally:
        down = run_playbook("site.yml", inventory="inventories/local", extra_vars=dict(isolated, platform_cluster_state="absent"))
    assert down.rc == 0, down.explain()
    assert down.changed() >= 1
    assert not os.path.exists(state_dir)
    assert not os.path.exists(isolated["envtest_cluster_kubeconfig_path"])
    assert not any(_pid_alive(p) for p in pids.values())


def test_site_check_mode_on_a_stopped_cluster_starts_nothing(run_playbook, isolated):
    check = run_playbook("site.yml", inventory="inventories/local", extra_vars=isolated, check=True)
    assert check.rc == 0, check.explain()
    assert check.changed() == 1  # "would start the control plane", and nothing after it runs
    assert not os.path.exists(isolated["envtest_cluster_state_dir"])
    assert not os.path.exists(isolated["envtest_cluster_kubeconfig_path"])


def test_site_rejects_bad_inventory_before_anything_changes(run_playbook, isolated):
    bad = run_playbook("site.yml", inventory="inventories/local", extra_vars=dict(isolated, platform_environment="qa"))
    assert bad.rc != 0
    assert "platform_environment='qa': expected one of dev, staging, prod, local" in bad.stdout
    assert not os.path.exists(isolated["envtest_cluster_state_dir"])


def test_a_tls_gateway_without_cert_manager_is_refused_before_anything_changes(run_playbook, isolated):
    ev = dict(isolated, platform_components=["flux", "istio"], istio_gateway_hosts=["pay.example.com"], istio_gateway_credential_name="pay-tls")
    bad = run_playbook("site.yml", inventory="inventories/local", extra_vars=ev)
    assert bad.rc != 0
    assert "istio_gateway.credential_name='pay-tls': expected cert_manager in platform_components" in bad.stdout
    assert not os.path.exists(isolated["envtest_cluster_state_dir"])
