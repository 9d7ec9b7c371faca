"""site.yml against two local control planes on one machine (inventories/local-multi): each gets the platform and
the teams, the report covers both, and a failure in one cluster names that cluster and leaves the other alone."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import envtest
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient
from ansible_collections.platform.runtime.tests.support.helm import kubectl_binary
from ansible_collections.platform.runtime.tests.support.site import installed_components

pytestmark = [pytest.mark.k8s, pytest.mark.slow]

COMPONENTS = installed_components()
CLUSTERS = ("local-a", "local-b")


@pytest.fixture(scope="module")
def multi(tmp_path_factory, control_plane, upstream_dir):
    tmp = tmp_path_factory.mktemp("multi")
    hosts = {
        h: {
            "envtest_cluster_state_dir": str(tmp / h / "state"),
            "envtest_cluster_kubeconfig_path": str(tmp / h / "kubeconfig"),
        }
        for h in CLUSTERS
    }
    override = tmp / "override.yml"
    override.write_text(yaml.safe_dump({"all": {"children": {"platform": {"hosts": hosts}}}}))
    yield {"override": str(override), "hosts": hosts, "tmp": tmp, "env": {}}
    for h in CLUSTERS:
        if os.path.exists(hosts[h]["envtest_cluster_state_dir"]):
            envtest.LocalControlPlane(hosts[h]["envtest_cluster_state_dir"], name=h).stop()


def test_two_clusters_get_the_platform_and_a_failure_names_its_cluster(multi, run_playbook):
    export_dir = multi["tmp"] / "export"
    ev = {"platform_components": COMPONENTS, "platform_report_path": str(multi["tmp"] / "report.html"), "platform_export_dir": str(export_dir)}
    site = run_playbook("site.yml", "-i", multi["override"], inventory="inventories/local-multi", extra_vars=ev, env=multi["env"])
    assert site.rc == 0, site.explain()
    for h in CLUSTERS:
        assert site.changed(h) >= 1 and site.failed(h) == 0
        client = KubeClient(kubeconfig=multi["hosts"][h]["envtest_cluster_kubeconfig_path"])
        names = {n["metadata"]["name"] for n in client.list("v1", "Namespace")}
        assert {"flux-system", "backend-local", "payments-local"} <= names, (h, names)
        assert client.list("v1", "ResourceQuota", namespace="payments-local")
    with open(ev["platform_report_path"]) as f:
        page = f.read()
    for h in CLUSTERS:
        assert f"Cluster {h}</h2>" in page
        assert f'id="edge--{h}--payments-local--svc_payment-api--svc_fraud-detector"' in page.replace("&#45;", "-")

    # The export of each cluster holds exactly what the live apply created there.
    for h in CLUSTERS:
        client = KubeClient(kubeconfig=multi["hosts"][h]["envtest_cluster_kubeconfig_path"])
        built = subprocess.run(
            [shutil.which("kubectl") or kubectl_binary(), "kustomize", str(export_dir / "clusters" / h)], capture_output=True, text=True, check=True
        )
        docs = [d for d in yaml.safe_load_all(built.stdout) if d]
        for d in docs:
            assert client.get(d) is not None, f"{h}: exported but not live: {d['kind']} {d['metadata'].get('namespace')}/{d['metadata']['name']}"
        exported = {(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]) for d in docs}
        owned = [
            o
            for kind in (
                ("v1", "Namespace"),
                ("v1", "ResourceQuota"),
                ("networking.k8s.io/v1", "NetworkPolicy"),
                ("rbac.authorization.k8s.io/v1", "RoleBinding"),
            )
            for o in client.list(*kind, label_selector="platform.runtime/team")
        ]
        assert owned
        for o in owned:
            assert (o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"]) in exported, (
                f"{h}: live but not exported: {o['kind']} {o['metadata']['name']}"
            )

    # Break cluster b only: a team namespace loses its LimitRange.
    b = KubeClient(kubeconfig=multi["hosts"]["local-b"]["envtest_cluster_kubeconfig_path"])
    b.delete({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "team-limits", "namespace": "backend-local"}})
    verify = run_playbook("verify.yml", "-i", multi["override"], inventory="inventories/local-multi", extra_vars=ev, env=multi["env"])
    assert verify.rc != 0
    assert verify.failed("local-a") == 0 and verify.failed("local-b") == 1, verify.explain()
    (fail_b,) = verify.task_results("Fail when a check failed", host="local-b")[-1:]
    assert "cluster local-b: 1 check(s) failed: team_quotas" in fail_b["msg"]
    assert "LimitRange/backend-local/* missing (NotFound)" in fail_b["msg"]
    (ok_a,) = verify.task_results("Fail when a check failed", host="local-a")[-1:]
    assert ok_a["msg"] == "cluster local-a: every check passed or was skipped"
