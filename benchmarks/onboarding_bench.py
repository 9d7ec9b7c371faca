"""Onboard N teams (13 objects each) against a fresh local control plane three ways, first run and idempotent re-run.

    .venv/bin/python benchmarks/onboarding_bench.py [--teams 100] [--skip-loop]

1. platform.runtime.namespace_onboarding: one ansible-playbook task with every team;
2. kubernetes.core.k8s: one task per team in a loop (server_side_apply), the idiomatic alternative;
3. kubectl apply --server-side of the same manifests (one file).

Every method gets its own team names, so each first run creates fresh namespaces. Prints wall times and ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.platform.runtime.plugins.module_utils import envtest  # noqa: E402
from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob  # noqa: E402

VENV_BIN = os.path.dirname(sys.executable)
ENVIRONMENT = "dev"


def teams(prefix, n):
    return [
        {
            "name": f"{prefix}-{i:03d}",
            "owners": ["lead@example.com"],
            "groups": {"admin": ["t-admins"], "edit": ["t-developers"], "view": ["t-viewers"]},
        }
        for i in range(n)
    ]


def manifests(team_list):
    settings = ob.merge_settings()
    normal = ob.validate_teams(team_list, ENVIRONMENT, settings)
    return [ob.build_team(t, ENVIRONMENT, settings, istio=False, flux=False) for t in normal]


def run(cmd, env=None):
    e = dict(
        os.environ,
        PATH=VENV_BIN + os.pathsep + os.environ.get("PATH", ""),
        ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
    )
    e.update(env or {})
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=e, check=False)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return elapsed, proc.stdout


def write(path, data):
    with open(path, "w") as f:
        f.write(data)
    return path


def playbook(work, name, task):
    doc = [
        {
            "name": name,
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars_files": [name + "-vars.json"],
            "tasks": [task],
        }
    ]
    return write(os.path.join(work, name + ".yml"), json.dumps(doc, indent=1))


def ansible(pb, work):
    return run(
        [os.path.join(VENV_BIN, "ansible-playbook"), "-i", "localhost,", pb],
        env={"ANSIBLE_STDOUT_CALLBACK": "ansible.builtin.default"},
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--teams", type=int, default=100)
    ap.add_argument("--skip-loop", action="store_true", help="leave out the slow kubernetes.core.k8s loop")
    args = ap.parse_args()
    kubectl = shutil.which("kubectl") or "/usr/bin/kubectl"

    work = tempfile.mkdtemp(prefix="onboarding-bench-")
    cp = envtest.LocalControlPlane(os.path.join(work, "cp"), name="bench")
    state = cp.start(timeout=180)[1]
    kubeconfig = state["kubeconfig"]
    figures = {}
    try:
        module_teams, loop_teams, kubectl_teams = teams("m", args.teams), teams("k", args.teams), teams("c", args.teams)
        count = sum(len(objs) for objs in manifests(module_teams))
        # Each method's playbook loads only its own input, so neither pays for parsing the other's.
        write(
            os.path.join(work, "module-vars.json"),
            json.dumps({"bench_kubeconfig": kubeconfig, "bench_teams": module_teams}),
        )
        write(
            os.path.join(work, "loop-vars.json"),
            json.dumps({"bench_kubeconfig": kubeconfig, "bench_manifests": manifests(loop_teams)}),
        )

        pb = playbook(
            work,
            "module",
            {
                "name": "Onboard every team in one task",
                "platform.runtime.namespace_onboarding": {
                    "kubeconfig": "{{ bench_kubeconfig }}",
                    "teams": "{{ bench_teams }}",
                    "environment": ENVIRONMENT,
                    "istio": "never",
                    "gitops": "never",
                },
            },
        )
        figures["namespace_onboarding (one task)"] = [ansible(pb, work)[0], ansible(pb, work)[0]]

        items = [o for objs in manifests(kubectl_teams) for o in objs]
        path = write(os.path.join(work, "all.json"), json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
        cmd = [kubectl, "--kubeconfig", kubeconfig, "apply", "--server-side", "--field-manager", "bench", "-f", path]
        figures["kubectl apply --server-side"] = [run(cmd)[0], run(cmd)[0]]

        if not args.skip_loop:
            pb = playbook(
                work,
                "loop",
                {
                    "name": "Apply one team per loop item",
                    "kubernetes.core.k8s": {
                        "kubeconfig": "{{ bench_kubeconfig }}",
                        "state": "present",
                        "definition": "{{ item }}",
                        "server_side_apply": {"field_manager": "bench"},
                    },
                    "loop": "{{ bench_manifests }}",
                    "loop_control": {"label": "{{ item[0].metadata.name }}"},
                },
            )
            figures["kubernetes.core.k8s loop (one task per team)"] = [ansible(pb, work)[0], ansible(pb, work)[0]]
    finally:
        cp.stop(state)
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"\n{args.teams} teams, {count} objects per method, Kubernetes {state['version']} "
        f"local control plane, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    print("| method | first run | re-run |")
    print("|---|---|---|")
    for name, (first, again) in figures.items():
        print(f"| {name} | {first:.1f} s | {again:.1f} s |")
    mod = figures["namespace_onboarding (one task)"]
    for name, (first, again) in figures.items():
        if not name.startswith("namespace_onboarding"):
            print(f"namespace_onboarding vs {name}: first run {mod[0] / first:.2f}x the time, re-run {mod[1] / again:.2f}x")


if __name__ == "__main__":
    main()
