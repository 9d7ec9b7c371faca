"""Time to a working Kubernetes client in a fresh process (what every module run pays), then N GETs with it.

    .venv/bin/python benchmarks/kube_client_bench.py [--rounds 5] [--gets 50] [--baseline DIR]

Against a fresh local control plane, each round starts one process per method:

1. platform.runtime KubeClient (connection options by kubernetes.core's client setup, raw JSON transport);
2. the same from ``--baseline DIR`` (another checkout of the collection, e.g. main before a change), when given;
3. kubernetes.core's ``get_api_client`` (the idiomatic alternative: its dynamic client), GETs through
   ``resource.get``.

Each process prints its import+setup time and its GET time; the script prints the median per method and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.platform.runtime.plugins.module_utils import envtest  # noqa: E402

OURS = """
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient
c = KubeClient(kubeconfig=sys.argv[2])
c.get({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
t1 = time.perf_counter()
for _ in range(int(sys.argv[3])):
    c.get({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}})
print(json.dumps({"setup": t1 - t0, "gets": time.perf_counter() - t1}))
"""

CORE = """
import json, sys, time
t0 = time.perf_counter()
from ansible_collections.kubernetes.core.plugins.module_utils.k8s.client import get_api_client
c = get_api_client(kubeconfig=sys.argv[2])
ns = c.resource("Namespace", "v1")
c.get(ns, name="default")
t1 = time.perf_counter()
for _ in range(int(sys.argv[3])):
    c.get(ns, name="default")
print(json.dumps({"setup": t1 - t0, "gets": time.perf_counter() - t1}))
"""


def run(code, collections, kubeconfig, gets):
    out = subprocess.run([sys.executable, "-c", code, collections, kubeconfig, str(gets)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--gets", type=int, default=50)
    parser.add_argument("--baseline", help="a checkout of the collection to compare with (its parent dirs are linked as ansible_collections)")
    args = parser.parse_args()
    methods = {"platform.runtime KubeClient": (OURS, COLLECTIONS)}
    tmp = tempfile.mkdtemp(prefix="kube-bench-")
    if args.baseline:
        base = os.path.join(tmp, "base")
        os.makedirs(os.path.join(base, "ansible_collections", "platform"))
        os.symlink(os.path.abspath(args.baseline), os.path.join(base, "ansible_collections", "platform", "runtime"))
        methods["baseline KubeClient"] = (OURS, base)
    methods["kubernetes.core get_api_client"] = (CORE, COLLECTIONS)
    cp = envtest.LocalControlPlane(os.path.join(tmp, "cp"), name="bench")
    state = cp.start(timeout=300)[1]
    try:
        times = {m: [] for m in methods}
        for _round in range(args.rounds):
            for m, (code, collections) in methods.items():
                times[m].append(run(code, collections, state["kubeconfig"], args.gets))
    finally:
        cp.stop(state)
    first = None
    print(f"{args.rounds} rounds, fresh process each, {args.gets} GETs after the first")
    for m, rows in times.items():
        setup = statistics.median(r["setup"] for r in rows)
        gets = statistics.median(r["gets"] for r in rows)
        first = first or (setup, gets)
        print(f"{m:32s} setup+first GET {setup:6.2f}s ({setup / first[0]:4.2f}x)   {args.gets} GETs {gets:6.3f}s ({gets / first[1]:4.2f}x)")


if __name__ == "__main__":
    main()
