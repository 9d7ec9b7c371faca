"""GitOps export round trip: `kubectl kustomize` of the export holds exactly the objects the onboarding would apply
(its server-side dry-run plan on the real control plane), by kind, namespace and name, for every environment;
a second export of the same inventory is byte-identical."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import upstream
from ansible_collections.platform.runtime.plugins.module_utils.kube import apply_crds
from ansible_collections.platform.runtime.tests.support.helm import kubectl_binary

pytestmark = [pytest.mark.k8s]

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENVS = ["local", "dev", "staging", "prod"]


def kubectl():
    return shutil.which("kubectl") or kubectl_binary()


def _refs(docs):
    out = set()
    for d in docs:
        md = d["metadata"]
        out.add(f"{d['kind']}/{md['namespace']}/{md['name']}" if md.get("namespace") else f"{d['kind']}/{md['name']}")
    return out


def _dirs_identical(a, b):
    cmp = filecmp.dircmp(a, b)
    stack = [cmp]
    while stack:
        c = stack.pop()
        if c.left_only or c.right_only or c.diff_files or c.funny_files:
            return False
        stack.extend(c.subdirs.values())
    return True


def test_export_matches_the_planned_apply_per_environment(control_plane, upstream_dir, run_playbook, tmp_path, kube):
    # The onboarding's "always" needs the Istio and Flux APIs served, as on a cluster with the components.
    for path in ("istio-1.30.3/crd-all.gen.yaml", "flux-2.9.4/install.yaml"):
        crds = [c for c in upstream.load_documents(os.path.join(upstream_dir, path)) if c and c.get("kind") == "CustomResourceDefinition"]
        apply_crds(kube, crds)
    with open(os.path.join(ROOT, "inventories/local/group_vars/all/teams.yml")) as f:
        teams = yaml.safe_load(f)["platform_teams"]
    ev = {"export_root": str(tmp_path), "export_environments": ENVS, "platform_teams": teams, "platform_kubeconfig": control_plane["kubeconfig"]}
    res = run_playbook("tests/integration/playbooks/export_envs.yml", extra_vars=ev)
    assert res.rc == 0, res.explain()
    (plans,) = res.task_results("Plan the onboarding")
    for env, plan in zip(ENVS, plans["results"]):
        a, b = tmp_path / env / "a", tmp_path / env / "b"
        assert _dirs_identical(a, b), f"{env}: the second export differs"
        built = subprocess.run([kubectl(), "kustomize", str(a / "clusters" / env)], capture_output=True, text=True, check=True).stdout
        exported = _refs([d for d in yaml.safe_load_all(built) if d])
        planned = set(plan["summary"].get("created", []) + plan["summary"].get("unchanged", []) + plan["summary"].get("updated", []))
        assert planned, plan
        assert exported == planned, f"{env}: only exported {sorted(exported - planned)}; only planned {sorted(planned - exported)}"
        assert {p.split("/")[0] for p in exported} >= {"Namespace", "ResourceQuota", "NetworkPolicy", "AuthorizationPolicy", "RoleBinding"}
