"""A crashed process does not wipe the local cluster (issue 9): `site.yml -i inventories/local` resumes it.

site.yml onboards the inventory's teams on a control plane with a private state directory. Then kube-apiserver is
killed (SIGKILL) and site.yml re-run: the control plane is restarted on the same etcd data, every onboarded object
is still there with the same UID (nothing was recreated), and a second re-run changes nothing. The same is done for
etcd with the envtest_cluster role and onboarding (tests/integration/playbooks/envtest_onboard.yml).
"""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import envtest
from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient

pytestmark = [pytest.mark.k8s, pytest.mark.slow]

# The kinds the onboarding builds for a team (istio and gitops objects left out).
_SAMPLE = ob.validate_teams([{"name": "sample", "groups": {"edit": ["g"]}}], "dev", ob.merge_settings())[0]
OWNED_KINDS = sorted({(o["apiVersion"], o["kind"]) for o in ob.build_team(_SAMPLE, "dev", ob.merge_settings(), istio=False, flux=False)})


def _owned(kubeconfig):
    """{(kind, namespace, name): uid} of every object the onboarding owns (by its team label)."""
    kube = KubeClient(kubeconfig=kubeconfig)
    out = {}
    for api_version, kind in OWNED_KINDS:
        for obj in kube.list(api_version, kind, label_selector="platform.runtime/team"):
            md = obj["metadata"]
            out[(kind, md.get("namespace", ""), md["name"])] = md["uid"]
    return out


def _kill(state_dir, process):
    with open(os.path.join(state_dir, "state.json")) as f:
        pid = json.load(f)["pids"][process]
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while envtest._pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.fixture
def isolated(tmp_path, control_plane):  # control_plane: skip/fail consistently when binaries are missing
    return {
        "envtest_cluster_name": "site-restart",
        "envtest_cluster_state_dir": str(tmp_path / "state"),
        "envtest_cluster_kubeconfig_path": str(tmp_path / "kube" / "local.kubeconfig"),
        # Data safety is about the cluster's objects: Flux and the teams are enough, and keep the re-runs short.
        "platform_components": ["flux"],
        "platform_report_path": str(tmp_path / "platform-report.html"),
    }


def test_killed_processes_are_restarted_and_no_object_is_lost(run_playbook, isolated):
    state_dir, kubeconfig = isolated["envtest_cluster_state_dir"], isolated["envtest_cluster_kubeconfig_path"]
    try:
        first = run_playbook("site.yml", inventory="inventories/local", extra_vars=isolated)
        assert first.rc == 0, first.explain()
        owned = _owned(kubeconfig)
        namespaces = sorted(k[2] for k in owned if k[0] == "Namespace")
        print(f"{len(owned)} owned objects in {namespaces}")
        assert len(namespaces) >= 2

        _kill(state_dir, "kube-apiserver")
        again = run_playbook("site.yml", inventory="inventories/local", extra_vars=isolated)
        assert again.rc == 0, again.explain()
        envtest_task = again.task_results("Run the local control plane")[0]
        # (the json callback overwrites "action" with the task's action name; msg says "resumed")
        assert envtest_task["restarted"][0] == "kube-apiserver", envtest_task
        assert "control plane site-restart resumed: restarted kube-apiserver" in envtest_task["msg"]
        assert "on the kept etcd data and PKI" in envtest_task["msg"]
        assert _owned(kubeconfig) == owned
        steady = run_playbook("site.yml", inventory="inventories/local", extra_vars=isolated)
        assert steady.rc == 0 and steady.changed() == 0, steady.explain()

        _kill(state_dir, "etcd")
        pb = "tests/integration/playbooks/envtest_onboard.yml"
        again = run_playbook(pb, inventory="inventories/local", extra_vars=isolated)
        assert again.rc == 0, again.explain()
        envtest_task = again.task_results("Run the local control plane")[0]
        assert envtest_task["restarted"] == ["etcd"], envtest_task
        assert "control plane site-restart resumed: restarted etcd on the kept etcd data and PKI" in envtest_task["msg"]
        assert _owned(kubeconfig) == owned
        steady = run_playbook(pb, inventory="inventories/local", extra_vars=isolated)
        assert steady.rc == 0 and steady.changed() == 0, steady.explain()
    finally:
        down = run_playbook("site.yml", inventory="inventories/local", extra_vars=dict(isolated, platform_cluster_state="absent"))
    assert down.rc == 0, down.explain()
    assert not os.path.exists(state_dir)


def test_site_started_right_after_a_sigterm_of_the_api_server_converges(run_playbook, isolated):
    """SIGTERM kube-apiserver, start site.yml at once: the run says the process is alive but not ready, waits for it
    within the bound (SIGKILL after it), restarts it on the kept data and converges; every object keeps its UID."""
    state_dir, kubeconfig = isolated["envtest_cluster_state_dir"], isolated["envtest_cluster_kubeconfig_path"]
    try:
        first = run_playbook("site.yml", inventory="inventories/local", extra_vars=isolated)
        assert first.rc == 0, first.explain()
        owned = _owned(kubeconfig)
        assert owned

        with open(os.path.join(state_dir, "state.json")) as f:
            pid = json.load(f)["pids"]["kube-apiserver"]
        os.kill(pid, signal.SIGTERM)
        again = run_playbook("site.yml", inventory="inventories/local", extra_vars=isolated)
        assert again.rc == 0, again.explain()
        said = again.task_results("Say that a process is alive but not ready")
        assert said and f"kube-apiserver (pid {pid}) alive but not ready" in said[0]["msg"], said
        envtest_task = again.task_results("Run the local control plane")[0]
        assert envtest_task["restarted"][0] == "kube-apiserver", envtest_task
        assert envtest_task["waited"][0].startswith(f"kube-apiserver (pid {pid}) was alive but not ready after 10 s"), envtest_task
        assert any("was alive but not ready" in w for w in envtest_task.get("warnings", [])), envtest_task
        assert not envtest._pid_alive(pid)
        assert _owned(kubeconfig) == owned
        steady = run_playbook("site.yml", inventory="inventories/local", extra_vars=isolated)
        assert steady.rc == 0 and steady.changed() == 0, steady.explain()
    finally:
        down = run_playbook("site.yml", inventory="inventories/local", extra_vars=dict(isolated, platform_cluster_state="absent"))
    assert down.rc == 0, down.explain()
