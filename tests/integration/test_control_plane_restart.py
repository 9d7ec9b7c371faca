"""The local control plane keeps its data (issue 9): dead processes are restarted on the same etcd data and PKI.

A dedicated control plane (not the session one: this test kills its processes) is started, given objects, and then
kube-apiserver and, separately, etcd are killed with SIGKILL. ``ensure`` restarts only the dead process and every
object is still there. A directory that cannot be reused (another version, etcd data that etcd refuses) fails with a
message and is left untouched; only ``recreate=True`` replaces it and only ``stop`` removes it.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import envtest
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient

pytestmark = [pytest.mark.k8s, pytest.mark.slow]


def _configmap(name):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "keep-me"}, "data": {"k": name}}


def _digests(d):
    """sha256 of every file but the logs: etcd data, PKI, tokens, kubeconfigs, state."""
    out = {}
    for root, _dirs, files in os.walk(d):
        for f in files:
            if not f.endswith(".log"):
                with open(os.path.join(root, f), "rb") as fh:
                    out[os.path.relpath(os.path.join(root, f), d)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def _kill(pid):
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while envtest._pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def test_dead_processes_restart_on_the_kept_data_and_unusable_data_is_left_alone(tmp_path, control_plane):
    d = str(tmp_path / "cp")
    cp = envtest.LocalControlPlane(d, name="restart", users=[{"name": "alice", "groups": ["team-a"]}])
    try:
        changed, state, report = cp.ensure(timeout=180)
        assert changed and report["action"] == "started"
        kube = KubeClient(kubeconfig=state["kubeconfig"])
        kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "keep-me"}})
        for i in range(20):
            kube.apply(_configmap(f"cm-{i}"))
        pki = {f: open(os.path.join(d, f), "rb").read() for f in ("ca.crt", "serving.crt", "sa.key", "tokens.csv")}

        for victim in ("kube-apiserver", "etcd"):
            _kill(state["pids"][victim])
            assert envtest.LocalControlPlane(d, name="restart").plan()[:3:2] == ("resume", [victim])
            changed, after, report = envtest.LocalControlPlane(d, name="restart").ensure(timeout=180)
            assert changed and report["action"] == "resumed", report
            # What depends on the victim may exit on its own while it is gone (kube-controller-manager without its API
            # server; on a loaded machine kube-apiserver without etcd, seen in CI): then it is restarted too, after it.
            downstream = {"etcd": {"kube-apiserver", "kube-controller-manager"}, "kube-apiserver": {"kube-controller-manager"}}[victim]
            print(victim, "killed; restarted:", report["restarted"])
            assert report["restarted"][0] == victim and set(report["restarted"]) <= {victim} | downstream, report
            # A killed server leaves its side of each open connection in TIME_WAIT (kube-controller-manager keeps some
            # open), so its port may not be bindable for a minute: then, and only then, the port moves and the
            # kubeconfigs are rewritten.
            assert report["reissued"] == [] and set(report["ports_changed"]) <= set(report["restarted"]) - {"kube-controller-manager"}, report
            assert (after["server"] == state["server"]) is ("kube-apiserver" not in report["ports_changed"]), report
            assert after["admin_token"] == state["admin_token"]
            with open(after["kubeconfig"]) as f:
                assert after["server"] in f.read()
            kept = [n for n in envtest.PROCESSES if n not in report["restarted"]]
            assert all(after["pids"][n] == state["pids"][n] for n in kept)  # empty when all three had to restart
            assert {f: open(os.path.join(d, f), "rb").read() for f in pki} == pki
            kube = KubeClient(kubeconfig=after["kubeconfig"])
            assert [kube.get(_configmap(f"cm-{i}"))["data"]["k"] for i in range(20)] == [f"cm-{i}" for i in range(20)]
            state = after

        assert envtest.LocalControlPlane(d, name="restart").ensure()[::2] == (
            False,
            {"action": "none", "restarted": [], "reissued": [], "ports_changed": [], "reasons": [], "waited": []},
        )

        # Another version's data is refused, running or not, and nothing is touched.
        before = _digests(d)
        with pytest.raises(envtest.DataDirError) as err:
            envtest.LocalControlPlane(d, name="restart", version="1.21.0").ensure()
        assert "it holds the data of Kubernetes '1.20.2', and this run asks for '1.21.0'" in str(err.value)
        assert _digests(d) == before

        # etcd data that etcd refuses: the failure names etcd, stops only what it started, and keeps the directory.
        cp.halt(state)
        db = os.path.join(d, "etcd", "member", "snap", "db")
        size = os.path.getsize(db)
        with open(db, "r+b") as f:
            f.write(b"\0corrupt" * (size // 8))  # both bbolt meta pages and every data page
        before = _digests(d)
        with pytest.raises(envtest.DataDirError) as err:
            envtest.LocalControlPlane(d, name="restart").ensure(timeout=60)
        print(str(err.value)[:600])
        assert "etcd exited with code" in str(err.value) and "was left untouched" in str(err.value)
        assert _digests(d) == before
        assert not any(envtest._pid_alive(p) for p in envtest.LocalControlPlane(d, name="restart").read_state()["pids"].values())

        # recreate=True replaces it with an empty control plane and says why.
        changed, state, report = envtest.LocalControlPlane(d, name="restart").ensure(timeout=180, recreate=True)
        assert report["action"] == "recreated" and "etcd exited with code" in report["reasons"][0]
        kube = KubeClient(kubeconfig=state["kubeconfig"])
        assert kube.get({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "keep-me"}}) is None
    finally:
        envtest.LocalControlPlane(d, name="restart").stop()
    assert not os.path.exists(d)


def test_a_stopping_api_server_is_waited_for_then_killed_after_the_bound_and_restarted_on_the_kept_data(tmp_path, control_plane):
    """SIGTERM, what a shutdown or a process manager sends: kube-apiserver 1.20 stays alive for a minute or more while
    it drains, and /readyz fails. ``ensure`` started at once gives it the grace, waits for its exit within the bound,
    kills it after that and restarts it on the same etcd data: no timeout while the data is fine."""
    d = str(tmp_path / "cp")
    try:
        changed, state, report = envtest.LocalControlPlane(d, name="stopping").ensure(timeout=180)
        assert report["action"] == "started"
        kube = KubeClient(kubeconfig=state["kubeconfig"])
        kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "keep-me"}})
        kube.apply(_configmap("kept"))
        uid = kube.get(_configmap("kept"))["metadata"]["uid"]
        pid = state["pids"]["kube-apiserver"]

        os.kill(pid, signal.SIGTERM)
        cp = envtest.LocalControlPlane(d, name="stopping", ready_grace=3, exit_timeout=5)
        assert cp.not_ready() == [("kube-apiserver", pid)]
        start = time.monotonic()
        changed, after, report = cp.ensure(timeout=180)
        took = time.monotonic() - start
        print(f"ensure took {took:.1f} s: {report}")
        assert changed and report["action"] == "resumed", report
        assert report["restarted"][0] == "kube-apiserver", report
        assert len(report["waited"]) == 1 and report["waited"][0].startswith(f"kube-apiserver (pid {pid}) was alive but not ready after 3 s"), report
        assert report["waited"][0].endswith("restarted on the kept data")
        assert not envtest._pid_alive(pid) and after["pids"]["kube-apiserver"] != pid
        # the grace (3 s) and the bound (5 s), then SIGKILL: far less than the drain, and no start_timeout reached
        assert took < 60
        assert KubeClient(kubeconfig=after["kubeconfig"]).get(_configmap("kept"))["metadata"]["uid"] == uid
        assert envtest.LocalControlPlane(d, name="stopping").ensure()[0] is False
    finally:
        envtest.LocalControlPlane(d, name="stopping").stop()
