"""Interrupted runs converge (issue 9): kube-apiserver dies in the middle of onboarding 400 teams.

A dedicated control plane (its API server is killed) onboards 400 teams (5,200 objects) with one
platform.runtime.namespace_onboarding task run by ansible-playbook in a subprocess. Once the first namespaces exist,
kube-apiserver is killed with SIGKILL. The run fails with a message naming the object it was at. The control plane is
resumed on its data (envtest ``ensure``), the same run is repeated and converges: every desired object exists exactly
once and no object the onboarding owns is outside the desired set. A third run reports changed=0.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import envtest
from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient, obj_key

pytestmark = [pytest.mark.k8s, pytest.mark.slow]

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VENV_BIN = os.path.dirname(sys.executable)
TEAMS = 400
ENVIRONMENT = "dev"
# The kinds the onboarding builds for a team (istio and gitops objects left out).
_SAMPLE = ob.validate_teams([{"name": "sample", "groups": {"edit": ["g"]}}], "dev", ob.merge_settings())[0]
OWNED_KINDS = sorted({(o["apiVersion"], o["kind"]) for o in ob.build_team(_SAMPLE, "dev", ob.merge_settings(), istio=False, flux=False)})
REF_RE = re.compile(r"\b(Namespace|ResourceQuota|LimitRange|ServiceAccount|NetworkPolicy|RoleBinding)/[a-z0-9-]+(/[a-z0-9-]+)?")


def _teams():
    return [
        {"name": f"int-{i:03d}", "owners": ["lead@example.com"], "groups": {"admin": ["int-admins"], "edit": ["int-developers"], "view": ["int-viewers"]}}
        for i in range(TEAMS)
    ]


def _desired(teams):
    settings = ob.merge_settings()
    normal = ob.validate_teams(teams, ENVIRONMENT, settings)
    objs = [o for t in normal for o in ob.build_team(t, ENVIRONMENT, settings, istio=False, flux=False)]
    return {obj_key(o) for o in objs}, {obj_key(o) for o in objs if "platform.runtime/team" in (o["metadata"].get("labels") or {})}


def _owned(kube):
    """obj_key of every object labelled as a team's, and how often each name was listed."""
    seen = []
    for api_version, kind in OWNED_KINDS:
        seen += [obj_key(o) for o in kube.list(api_version, kind, label_selector="platform.runtime/team")]
    return seen


def _playbook(work, kubeconfig, teams):
    with open(os.path.join(work, "vars.json"), "w") as f:
        json.dump({"it_kubeconfig": kubeconfig, "it_teams": teams}, f)
    play = [
        {
            "name": "Onboard many teams",
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars_files": ["vars.json"],
            "tasks": [
                {
                    "name": "Onboard every team in one task",
                    "platform.runtime.namespace_onboarding": {
                        "kubeconfig": "{{ it_kubeconfig }}",
                        "teams": "{{ it_teams }}",
                        "environment": ENVIRONMENT,
                        "istio": "never",
                        "gitops": "never",
                    },
                }
            ],
        }
    ]
    path = os.path.join(work, "onboard.yml")
    with open(path, "w") as f:
        json.dump(play, f)
    return path


def _start(pb):
    env = dict(
        os.environ,
        ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
        ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
        ANSIBLE_NOCOLOR="1",
        PATH=VENV_BIN + os.pathsep + os.environ.get("PATH", ""),
    )
    cmd = [os.path.join(VENV_BIN, "ansible-playbook"), "-i", "localhost,", pb]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _finish(proc, timeout=600):
    out, err = proc.communicate(timeout=timeout)
    # The JSON callback's document; the platform_plan callback's text follows it.
    data = json.JSONDecoder().raw_decode(out[out.index("{") :])[0] if "{" in out else {}
    task = data.get("plays", [{}])[0].get("tasks", [{}])[-1].get("hosts", {}).get("localhost", {}) if data else {}
    stats = data.get("stats", {}).get("localhost", {})
    return proc.returncode, task, stats, out[-3000:] + err[-2000:]


def test_onboarding_interrupted_by_a_dead_api_server_converges_on_rerun(tmp_path, control_plane):
    state_dir = str(tmp_path / "cp")
    cp = envtest.LocalControlPlane(state_dir, name="interrupted", users=[])
    try:
        state = cp.ensure(timeout=180)[1]
        kube = KubeClient(kubeconfig=state["kubeconfig"])
        teams = _teams()
        every, desired = _desired(teams)  # every desired object / those labelled as a team's
        assert len(every) == 13 * TEAMS
        pb = _playbook(str(tmp_path), state["kubeconfig"], teams)

        started = time.monotonic()
        proc = _start(pb)
        while proc.poll() is None and time.monotonic() - started < 120:
            created = kube.list("v1", "Namespace", label_selector="platform.runtime/team")
            if len(created) >= 5:
                break
            time.sleep(0.2)
        assert proc.poll() is None, "the onboarding finished before the API server could be killed"
        os.kill(state["pids"]["kube-apiserver"], signal.SIGKILL)
        killed_after = time.monotonic() - started
        rc, task, stats, tail = _finish(proc)
        print(f"killed kube-apiserver {killed_after:.1f}s into the run; the run said: {task.get('msg', '')[:400]}")
        assert rc != 0 and task.get("failed"), tail
        assert REF_RE.search(task["msg"]), f"the failure does not name the object it was at: {task['msg'][:1000]}"

        changed, state, report = envtest.LocalControlPlane(state_dir, name="interrupted", users=[]).ensure(timeout=180)
        assert report["action"] == "resumed" and report["restarted"][0] == "kube-apiserver", report
        kube = KubeClient(kubeconfig=state["kubeconfig"])
        partial = set(_owned(kube))
        assert 0 < len(partial) < len(desired), f"{len(partial)} objects after the interrupted run"

        rc, task, stats, tail = _finish(_start(pb))
        assert rc == 0 and stats.get("changed") == 1, tail
        owned = _owned(kube)
        assert len(owned) == len(set(owned)), "an object is listed twice"
        assert set(owned) == desired, f"missing {sorted(desired - set(owned))[:5]}, unpruned {sorted(set(owned) - desired)[:5]}"
        missing = [k for k in sorted(every - desired) if kube.get({"apiVersion": k[0], "kind": k[1], "metadata": {"namespace": k[2], "name": k[3]}}) is None]
        assert not missing, f"desired objects without the team label are missing: {missing[:5]}"

        rc, task, stats, tail = _finish(_start(pb))
        assert rc == 0 and stats.get("changed") == 0, tail
    finally:
        envtest.LocalControlPlane(state_dir, name="interrupted").stop()
