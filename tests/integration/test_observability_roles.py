# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The monitoring and backup roles with inventories/local against the real control plane (no controllers).

One apply and one ``--check --diff`` run: the roles report "applied, not reconciled (no controllers)", the objects
are on the server, no receiver secret appears in any output, and the check run predicts no change.
"""

from __future__ import annotations

import json
import os

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils.kube import apply_crds
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents

pytestmark = [pytest.mark.k8s, pytest.mark.upstream, pytest.mark.slow]
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture(scope="module")
def flux_crds(kube, upstream_dir):
    crds = [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]
    assert all(r["action"] != "failed" for r in apply_crds(kube, crds)[0])
    kube.forget()


def _secrets():
    with open(os.path.join(ROOT, "inventories", "local", "group_vars", "all", "monitoring.yml")) as f:
        return list(yaml.safe_load(f)["monitoring_receiver_secrets"].values()) + ["local-only-admin"]


def test_roles_apply_then_check_changes_nothing(kube, flux_crds, run_playbook, control_plane, upstream_dir):
    extra = {"platform_kubeconfig": control_plane["kubeconfig"], "backup_namespace_selector": ""}
    env = {}
    first = run_playbook("tests/integration/playbooks/observability_roles.yml", inventory="inventories/local", extra_vars=extra, env=env)
    assert first.rc == 0, first.explain()
    reports = [r["msg"] for r in first.task_results("Report")]
    assert any(m.startswith("monitoring: HelmRelease monitoring/kube-prometheus-stack (88.5.3), 18 alert rules, 5 monitors, 4 dashboards") for m in reports)
    assert any(m.startswith("backup: HelmRelease velero/velero (12.1.0), schedules weekly-localhost over 2 namespace(s)") for m in reports)
    assert all(m.endswith("applied, not reconciled (no controllers)") for m in reports), reports

    ns = kube.get({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "monitoring"}})
    assert ns["metadata"]["labels"]["istio-injection"] == "enabled"
    secret = kube.get({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "alertmanager-receivers", "namespace": "monitoring"}})
    assert sorted(secret["data"]) == ["platform-slack-slack-url", "team-backend-slack-url", "team-payments-pagerduty-routing-key", "team-payments-slack-url"]
    # Both Secrets come from one no_log task; the Grafana one holds the admin user and password keys.
    managed = {
        s["metadata"]["name"]: s for s in kube.list("v1", "Secret", namespace="monitoring", label_selector="app.kubernetes.io/managed-by=platform.runtime")
    }
    assert "alertmanager-receivers" in managed and len(managed) == 2, sorted(managed)
    (grafana,) = [s for n, s in managed.items() if n != "alertmanager-receivers"]
    assert len(grafana["data"]) == 2, sorted(grafana["data"])
    hr = kube.get({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": {"name": "kube-prometheus-stack", "namespace": "monitoring"}})
    assert hr["spec"]["upgrade"]["crds"] == "CreateReplace" and hr["spec"]["chart"]["spec"]["version"] == "88.5.3"
    rules = kube.list("monitoring.coreos.com/v1", "PrometheusRule", namespace="monitoring")
    assert sorted(r["metadata"]["name"] for r in rules) == ["platform-alerts", "team-backend", "team-payments"]
    schedules = kube.get({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": {"name": "velero", "namespace": "velero"}})
    # The Schedule's name carries the cluster (the inventory host), and so does the location's prefix.
    assert schedules["spec"]["values"]["schedules"]["weekly-localhost"]["template"]["ttl"] == "168h"
    assert schedules["spec"]["values"]["configuration"]["backupStorageLocation"][0]["prefix"] == "localhost"

    check = run_playbook("tests/integration/playbooks/observability_roles.yml", "--diff", inventory="inventories/local", extra_vars=extra, env=env, check=True)
    assert check.rc == 0 and check.changed() == 0, check.explain()
    for out in (first, check):
        text = out.stdout + out.stderr + json.dumps(out.data) + json.dumps(out.plan)
        leaked = [s for s in _secrets() if s in text]
        assert not leaked, f"secret values in the output: {len(leaked)}"


def test_receivers_without_secrets_fall_back_to_the_null_receiver_when_asked(kube, flux_crds, run_playbook, control_plane, upstream_dir):
    """dev's case (no vault): monitoring_receiver_fallback leaves the receivers without a secret out and says so;
    without it the role refuses, naming the keys. --check: nothing changes either way."""
    extra = {"platform_kubeconfig": control_plane["kubeconfig"], "backup_namespace_selector": "", "monitoring_receiver_secrets": {}}
    env = {"PLATFORM_RUNTIME_UPSTREAM": upstream_dir}
    pb = "tests/integration/playbooks/observability_roles.yml"
    refused = run_playbook(pb, inventory="inventories/local", extra_vars=extra, env=env, check=True)
    assert refused.rc != 0
    assert "keys ['platform-slack-slack-url', 'team-backend-slack-url', 'team-payments-pagerduty-routing-key', 'team-payments-slack-url'] have no value" in (
        refused.stdout
    ), refused.explain()
    fallback = run_playbook(pb, inventory="inventories/local", extra_vars=dict(extra, monitoring_receiver_fallback=True), env=env, check=True)
    assert fallback.rc == 0, fallback.explain()
    (said,) = fallback.task_results("Say which receivers fall back")
    assert "receiver platform-slack has no value for platform-slack-slack-url; its alerts go to the null receiver (nothing is sent)" in said["msg"]
