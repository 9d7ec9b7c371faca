"""platform_verify's tenant_isolation check over N teams x 5 identities on a fresh local control plane, four ways.

    .venv/bin/python benchmarks/isolation_bench.py [--teams 50] [--repeat 3] [--sample 3000]

1. the tenant_isolation check in-process, as verify runs it: identities bound alike share one set of
   SubjectAccessReviews, sent concurrently (16 workers) over the client's one connection pool; plus the LISTs and the
   NetworkPolicy/AuthorizationPolicy comparison;
2. one review per cell (``isolation_every_cell``), concurrently over the same pool (a sample, extrapolated);
3. one review per cell, one at a time (a sample, extrapolated);
4. ``kubectl auth can-i <verb> <resource> -n <ns> --as <user> --as-group <group>...`` per cell, what a user would
   script instead (50 cells, extrapolated).

Each team is onboarded for prod (STRICT mTLS) with a two-service call graph and a ``service_accounts`` CI account, so
it has 5 identities: its admin, edit and view groups, its deployer (also its Flux tenant) and the CI account. Istio's
CRDs come from the pinned upstream data, so the AuthorizationPolicies are real. Prints the cells, the wall times and
the machine's CPU count and load average (the machine is shared). Target (issue 22): 50 teams in under 10 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.platform.runtime.plugins.module_utils import envtest, isolation, kube, upstream, verify  # noqa: E402
from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob  # noqa: E402
from ansible_collections.platform.runtime.tests.support.upstream import shared_upstream_dir  # noqa: E402

ENVIRONMENT = "prod"


def teams(n):
    out = []
    for i in range(n):
        name = f"t{i:03d}"
        out.append(
            {
                "name": name,
                "owners": ["lead@example.com"],
                "groups": {"admin": [f"{name}-admins"], "edit": [f"{name}-devs"], "view": [f"{name}-viewers"]},
                "service_accounts": {"edit": [f"{name}-{ENVIRONMENT}/ci"]},
                "services": [
                    {"name": "api", "port": 8080, "expose": True, "calls": ["worker"], "metrics": {"port": 9102}},
                    {"name": "worker", "port": 9090, "metrics": {"port": 9091}},
                ],
            }
        )
    return out


def setup(client, upstream_dir, n):
    crds = [c for _path, c in upstream.load_crds(upstream_dir) if c["spec"]["group"].endswith("istio.io")]
    kube.apply_crds(client, crds)
    deadline = time.monotonic() + 120
    while not client.served([("security.istio.io/v1", "AuthorizationPolicy"), ("security.istio.io/v1", "PeerAuthentication")]):
        if time.monotonic() > deadline:
            sys.exit("Istio's CRDs were never served")
        time.sleep(0.5)
        client.forget()
    settings = ob.merge_settings()
    normal = ob.validate_teams(teams(n), ENVIRONMENT, settings)
    objs = ob.build_objects(normal, ENVIRONMENT, settings, istio=True, flux=False)[0] + ob.build_tenant_roles()
    failed = [r for r in kube.apply_batch(client, objs) if r["action"] == "failed"]
    if failed:
        sys.exit(f"onboarding failed: {failed[:3]}")
    deadline = time.monotonic() + 120
    while not (client.get({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "platform-tenant-admin"}}) or {}).get(
        "rules"
    ):
        if time.monotonic() > deadline:
            sys.exit("the tenant ClusterRoles were never aggregated")
        time.sleep(0.5)
    return [ob.namespace_for(t, ENVIRONMENT) for t in normal], len(objs)


def check(client, namespaces, every_cell=False):
    cfg = {
        "checks": ["tenant_isolation"],
        "environment": ENVIRONMENT,
        "team_namespaces": namespaces,
        "mtls_mode": "STRICT",
        "isolation_every_cell": every_cell,
    }
    start = time.monotonic()
    res = verify.run_checks(client, cfg)[0]
    return time.monotonic() - start, res


def cells_of(client, namespaces):
    """Every cell the check judges (rebuilt here to time the other ways on a sample of them)."""
    owner = {ns: ns.rsplit("-", 1)[0] for ns in namespaces}
    bindings = [b for b in client.list("rbac.authorization.k8s.io/v1", "RoleBinding") if b["metadata"]["namespace"] in owner]
    by_team = {}
    for ns, t in owner.items():
        by_team.setdefault(t, {"namespaces": []})["namespaces"].append(ns)
    for t, v in by_team.items():
        v["identities"] = isolation.team_identities(t, v["namespaces"], bindings)
    return isolation.review_cells(by_team, bindings, every_cell=True)[0]


def timed(client, sample, workers):
    start = time.monotonic()
    answers = isolation.ask(client, sample, workers=workers)
    return (time.monotonic() - start) / len(sample), answers


def kubectl_can_i(kubectl, kubeconfig, cell):
    cmd = kubectl_command(kubectl, kubeconfig, cell)
    return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip() == "yes"


def kubectl_command(kubectl, kubeconfig, cell):
    ident = cell["identity"]
    resource = cell["resource"].split("/")[0] + ("." + cell["group"] if cell["group"] else "")
    cmd = [kubectl, "--kubeconfig", kubeconfig, "auth", "can-i", cell["verb"], resource + (f"/{cell['name']}" if cell["name"] else "")]
    if "/" in cell["resource"]:
        cmd += ["--subresource", cell["resource"].split("/")[1]]
    cmd += ["-n", cell["namespace"]] if cell["namespace"] else ["--all-namespaces"]
    cmd += ["--as", ident["user"]] + [x for g in ident["groups"] for x in ("--as-group", g)]
    return cmd


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--teams", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=3000, help="cells timed with one review each (extrapolated)")
    ap.add_argument("--upstream")
    args = ap.parse_args()
    upstream_dir = args.upstream or shared_upstream_dir()
    if not upstream_dir:
        sys.exit("pinned upstream data not found: put it at ../shared/upstream or pass --upstream")
    kubectl = shutil.which("kubectl")
    print(f"CPUs: {os.cpu_count()}, load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    work = tempfile.mkdtemp(prefix="isolation-bench-")
    cp = envtest.LocalControlPlane(os.path.join(work, "cp"), name="bench")
    state = cp.start(timeout=180)[1]
    try:
        client = kube.KubeClient(kubeconfig=state["kubeconfig"])
        start = time.monotonic()
        namespaces, count = setup(client, upstream_dir, args.teams)
        print(f"onboarded {args.teams} teams ({count} objects) in {time.monotonic() - start:.1f} s")
        times, res = [], None
        for _run in range(args.repeat):
            seconds, res = check(client, namespaces)
            times.append(seconds)
        p = res["properties"]
        print(f"tenant_isolation: {res['status']}: {res['summary']}")
        best, median = min(times), statistics.median(times)
        print(
            f"{'concurrent, one pool (the check)':36s} best {best:6.2f} s  median {median:6.2f} s  "
            f"({p['cells'] / best:6.0f} cells/s)  runs: {' '.join(f'{t:.2f}' for t in times)}"
        )
        cells = cells_of(client, namespaces)
        assert len(cells) == p["cells"], (len(cells), p["cells"])
        sample = random.Random(22).sample(cells, min(args.sample, len(cells)))
        per_cell_c, concurrent = timed(client, sample, 16)
        every = per_cell_c * len(cells)
        print(f"{'one review per cell, concurrent':36s} {every:6.1f} s  extrapolated ({per_cell_c * 1000:.2f} ms per cell, {len(sample)} cells timed)")
        few = sample[:300]
        per_cell_s, serial = timed(client, few, 1)
        line = f"{per_cell_s * len(cells):6.1f} s  extrapolated ({per_cell_s * 1000:.2f} ms per cell, {len(few)} cells timed)"
        print(f"{'one review per cell, one at a time':36s} {line}")
        assert serial == concurrent[: len(few)]
        if kubectl:
            few = sample[:50]
            start = time.monotonic()
            answers = [kubectl_can_i(kubectl, state["kubeconfig"], c) for c in few]
            per_cell_k = (time.monotonic() - start) / len(few)
            served = {c["group"]: c["group"] == "" or client.request("GET", f"/apis/{c['group']}", allow_404=True) is not None for c in few}
            wrong = [(c, a, b) for c, a, b in zip(few, answers, concurrent) if a != b]
            # kubectl resolves a resource through discovery: it cannot ask about a kind that is not installed
            uninstalled = [w for w in wrong if not served[w[0]["group"]]]
            agree = "agree" if not wrong else f"{len(wrong)} differ ({len(uninstalled)} on kinds not installed, which kubectl cannot ask about)"
            print(
                f"{'kubectl auth can-i per cell':36s} {per_cell_k * len(cells):6.1f} s  extrapolated "
                f"({per_cell_k * 1000:.0f} ms per cell, {len(few)} cells timed; answers: {agree})"
            )
            for c, a, b in wrong:
                print(f"  kubectl {'yes' if a else 'no'}, review {'yes' if b else 'no'}: {' '.join(kubectl_command(kubectl, state['kubeconfig'], c)[3:])}")
            print(f"kubectl per cell / the check (median): {per_cell_k * len(cells) / median:.0f}x")
        print(f"one review per cell, concurrent / the check (median): {every / median:.1f}x")
        print(f"target: {p['teams']} teams x {p['identities'] / max(1, p['teams']):.0f} identities in < 10 s (median): {'met' if median < 10 else 'NOT met'}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        cp.stop(state)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
