"""namespace_onboarding as the integration tests run it: the module in a subprocess, team specs and object reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODULE = "ansible_collections.platform.runtime.plugins.modules.namespace_onboarding"


def onboarding_runner(kubeconfig):
    """``run(teams, environment, check, diff, **params)``: the namespace_onboarding module in a subprocess, as Ansible
    runs it, against ``kubeconfig``; returns its JSON result."""

    def run(teams, environment="dev", check=False, diff=False, **params):
        args = dict(params, teams=teams, environment=environment, kubeconfig=kubeconfig)
        args.update(_ansible_check_mode=check, _ansible_diff=diff)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"ANSIBLE_MODULE_ARGS": args}, f)
        try:
            env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, ".collections"))
            proc = subprocess.run(
                [sys.executable, "-m", MODULE, f.name],
                capture_output=True,
                text=True,
                env=env,
                timeout=600,
                check=False,
            )
        finally:
            os.unlink(f.name)
        try:
            return json.loads(proc.stdout)
        except ValueError:
            pytest.fail(f"module output is not JSON: {proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")

    return run


def team(name, **extra):
    spec = {
        "name": name,
        "owners": ["lead@example.com"],
        "contacts": ["#" + name],
        "cost_center": "cc-42",
        "groups": {"admin": ["backend-admins"], "edit": ["backend-developers"], "view": ["backend-viewers"]},
    }
    spec.update(extra)
    return spec


def get(kube, kind, name, namespace=None, api="v1"):
    md = {"name": name}
    if namespace:
        md["namespace"] = namespace
    return kube.get({"apiVersion": api, "kind": kind, "metadata": md})
