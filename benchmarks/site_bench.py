"""The whole platform on a fresh local control plane: converge from empty, idempotent re-run, --check, each timed,
plus where the time goes per role (ansible.posix.profile_roles) and the verify checks against the idiomatic
alternative (one kubernetes.core.k8s_info task per kind).

    .venv/bin/python benchmarks/site_bench.py [--components flux,...]

Runs `ansible-playbook site.yml -i inventories/local` with its own envtest cluster (state in a temp dir) and stops
it at the end. The pinned upstream data comes from ../shared/upstream (platform_upstream_dir), or the cache.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.platform.runtime.plugins.module_utils import envtest  # noqa: E402

VENV_BIN = os.path.dirname(sys.executable)
ROLE_LINE = re.compile(r"^(?P<role>[\w.]+)\s+-+\s+(?P<seconds>[\d.]+)s$")
CHANGED = re.compile(r"changed=(\d+)")

# The reads of verify.yml's checks, as one kubernetes.core.k8s_info task per kind (what a playbook would do without the module).
K8S_INFO_PLAY = """
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Read {{ item.kind }}
      kubernetes.core.k8s_info:
        kubeconfig: "{{ kubeconfig }}"
        api_version: "{{ item.api }}"
        kind: "{{ item.kind }}"
      loop:
        - {api: v1, kind: Node}
        - {api: v1, kind: Namespace}
        - {api: v1, kind: ResourceQuota}
        - {api: v1, kind: LimitRange}
        - {api: apiextensions.k8s.io/v1, kind: CustomResourceDefinition}
        - {api: apps/v1, kind: Deployment}
        - {api: kustomize.toolkit.fluxcd.io/v1, kind: Kustomization}
        - {api: helm.toolkit.fluxcd.io/v2, kind: HelmRelease}
"""


# The floor under every task that runs a module: ten runs of a one-object manifest_apply with nothing to change, against
# ten runs of ansible.builtin.command (Ansible's own cost of running any module on the controller).
FLOOR_PLAY = """
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Apply one unchanged ConfigMap
      platform.runtime.manifest_apply:
        kubeconfig: "{{ kubeconfig }}"
        definitions:
          - {apiVersion: v1, kind: ConfigMap, metadata: {name: site-bench-floor, namespace: default}, data: {a: "1"}}
      loop: "{{ range(11) | list }}"
    - name: Run true
      ansible.builtin.command: "true"
      changed_when: false
      loop: "{{ range(10) | list }}"
"""
TASK_LINE = re.compile(r"^(?P<task>Apply one unchanged ConfigMap|Run true)\s+-+\s+(?P<seconds>[\d.]+)s$")


def run(cmd, env):
    e = dict(os.environ, PATH=VENV_BIN + os.pathsep + os.environ.get("PATH", ""), ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    e.update(env)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=e, check=False)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed (rc={proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    return elapsed, proc.stdout


def roles(stdout):
    """{role: seconds} from profile_roles' summary."""
    out = {}
    for line in stdout.splitlines():
        m = ROLE_LINE.match(line.strip())
        if m:
            out[m["role"]] = float(m["seconds"])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--components", default="", help="comma-separated platform_components (default: the inventory's, limited to the roles in this checkout)")
    args = ap.parse_args()
    comps = [c for c in args.components.split(",") if c] or ["flux"] + [
        c for c in ("cert_manager", "istio", "gatekeeper", "monitoring", "backup") if os.path.isdir(os.path.join(ROOT, "roles", c))
    ]
    tmp = tempfile.mkdtemp(prefix="site-bench-")
    ev = {
        "envtest_cluster_name": "site-bench",
        "envtest_cluster_state_dir": os.path.join(tmp, "state"),
        "envtest_cluster_kubeconfig_path": os.path.join(tmp, "kubeconfig"),
        "platform_components": comps,
        "platform_report_path": os.path.join(tmp, "report.html"),
    }
    shared = os.path.join(ROOT, "..", "shared", "upstream")
    if os.path.isdir(shared):
        ev["platform_upstream_dir"] = os.path.abspath(shared)
    base = [os.path.join(VENV_BIN, "ansible-playbook"), "site.yml", "-i", "inventories/local", "-e", json.dumps(ev)]
    env = {"ANSIBLE_CALLBACKS_ENABLED": "ansible.posix.profile_roles"}
    results = {}
    try:
        for name, extra in (("converge from empty", []), ("idempotent re-run", []), ("--check --diff", ["--check", "--diff"])):
            seconds, out = run(base + extra, env)
            changed = sum(int(x) for x in CHANGED.findall(out.rsplit("PLAY RECAP", 1)[-1]))
            results[name] = (seconds, changed, roles(out))
        kc = ev["envtest_cluster_kubeconfig_path"]
        play = os.path.join(tmp, "k8s_info.yml")
        with open(play, "w") as f:
            f.write(K8S_INFO_PLAY)
        with open(os.path.join(tmp, "floor.yml"), "w") as f:
            f.write(FLOOR_PLAY)
        floor_out = run(
            [os.path.join(VENV_BIN, "ansible-playbook"), os.path.join(tmp, "floor.yml"), "-e", json.dumps({"kubeconfig": kc})],
            {"ANSIBLE_CALLBACKS_ENABLED": "ansible.posix.profile_tasks"},
        )[1]
        floor = {m["task"]: float(m["seconds"]) for m in (TASK_LINE.match(line.strip()) for line in floor_out.splitlines()) if m}
        verify_s = run([os.path.join(VENV_BIN, "ansible-playbook"), "verify.yml", "-i", "inventories/local", "-e", json.dumps(ev)], {})[0]
        info_s = run([os.path.join(VENV_BIN, "ansible-playbook"), play, "-e", json.dumps({"kubeconfig": kc})], {})[0]
    finally:
        envtest.LocalControlPlane(ev["envtest_cluster_state_dir"], name="site-bench").stop()
    print(f"components: {', '.join(comps)}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    print(f"{'run':<22} {'wall':>8} {'changed':>8}")
    for name, (seconds, changed, _r) in results.items():
        print(f"{name:<22} {seconds:>7.1f}s {changed:>8}")
    print("\nper role (profile_roles), seconds:")
    names = sorted({r for _s, _c, rs in results.values() for r in rs}, key=lambda r: -results["converge from empty"][2].get(r, 0))
    print(f"{'role':<40} " + " ".join(f"{n[:18]:>18}" for n in results))
    for r in names:
        print(f"{r:<40} " + " ".join(f"{results[n][2].get(r, 0):>18.2f}" for n in results))
    print(f"\nverify.yml (platform_verify: 12 checks, one module call, plus the report): {verify_s:.1f}s")
    print(f"8 kubernetes.core.k8s_info reads in a loop (only the reads, no checks): {info_s:.1f}s")
    # The first of the eleven applies creates the ConfigMap; the other ten change nothing.
    print(
        f"\nper module run: manifest_apply of one unchanged object {(floor['Apply one unchanged ConfigMap']) / 11:.2f}s,"
        f" ansible.builtin.command {floor['Run true'] / 10:.2f}s (loops of 11 and 10)"
    )


if __name__ == "__main__":
    main()
