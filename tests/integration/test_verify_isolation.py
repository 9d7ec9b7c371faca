"""The tenant_isolation check of platform_verify against the real control plane (issue 22): onboarded teams pass; a
hand-made RoleBinding that gives one team `edit` in another team's namespace fails it, naming the identity, the verbs,
the resource, the namespace and the binding; a namespace-wide NetworkPolicy next to a call graph fails with STRICT mTLS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import verify
from ansible_collections.platform.runtime.plugins.module_utils.kube import apply_crds
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_crds
from ansible_collections.platform.runtime.tests.support.kubetest import wait_until
from ansible_collections.platform.runtime.tests.support.onboarding import get, onboarding_runner, team

pytestmark = pytest.mark.k8s


@pytest.fixture(scope="module")
def onboard(control_plane):
    """The namespace_onboarding module in a subprocess, as Ansible runs it (the runner in tests/support)."""
    return onboarding_runner(control_plane["kubeconfig"])


RBAC = "rbac.authorization.k8s.io/v1"


def groups(name):
    return {"admin": [f"{name}-admins"], "edit": [f"{name}-devs"], "view": [f"{name}-viewers"]}


def isolation(control_plane, namespaces, tmp_path, mtls="STRICT", every_cell=False):
    """Only the tenant_isolation check, over the given team namespaces, with JUnit XML."""
    params = {k: None for k in verify.ARG_SPEC}
    params.update(
        checks=["tenant_isolation"],
        components=[],
        environment="prod",
        team_namespaces=namespaces,
        mtls_mode=mtls,
        junit_path=str(tmp_path / "verify.xml"),
        kubeconfig=control_plane["kubeconfig"],
        namespaces=[],
        inject_namespaces=[],
        platform_namespaces={},
        isolation_every_cell=every_cell,
    )
    out = verify.run(params)
    return out, out["results"][0], ET.parse(tmp_path / "verify.xml").getroot()


ISTIO_KINDS = [("security.istio.io/v1", "PeerAuthentication"), ("security.istio.io/v1", "AuthorizationPolicy")]


@pytest.fixture(scope="module")
def istio_served(kube, upstream_dir):
    """Istio's security kinds served: as another test of the session left them, else from the pinned upstream CRDs."""
    kube.forget()
    if not kube.served(ISTIO_KINDS):
        crds = [c for _path, c in load_crds(upstream_dir) if c["spec"]["group"].endswith("istio.io")]
        assert not [r for r in apply_crds(kube, crds)[0] if r["action"] == "failed"]
    assert wait_until(lambda: kube.forget() or kube.served(ISTIO_KINDS), timeout=90)


@pytest.fixture(scope="module")
def teams(onboard, kube, istio_served):  # noqa: F811
    names = [f"iso{i}-{os.getpid() % 10000}" for i in range(3)]
    specs = [team(n, groups=groups(n)) for n in names]
    specs[0]["services"] = [
        {"name": "api", "port": 8080, "expose": True, "calls": ["worker"], "metrics": {"port": 9102}},
        {"name": "worker", "port": 9090, "metrics": {"port": 9091}},
    ]
    specs[0]["service_accounts"] = {"edit": [f"{names[0]}-prod/ci"]}
    r = onboard(specs, environment="prod")
    assert not r.get("failed"), r

    def aggregated():
        role = get(kube, "ClusterRole", "platform-tenant-admin", api=RBAC) or {}
        return any("rolebindings" in rule.get("resources", []) for rule in role.get("rules") or [])

    assert wait_until(aggregated, timeout=60), "the tenant ClusterRoles were never aggregated"
    return names, [f"{n}-prod" for n in names]


def test_onboarded_teams_pass_and_the_junit_counts_the_cells(teams, control_plane, tmp_path):
    names, namespaces = teams
    out, res, junit = isolation(control_plane, namespaces, tmp_path)
    assert res["status"] == verify.PASSED, out["table"]
    props = res["properties"]
    # 3 groups + the deployer (also the Flux tenant) per team, and team 0's ci service account
    assert props["teams"] == 3 and props["identities"] == 13
    assert props["cells"] == 13 * 363 and f"{props['cells']} cells checked" in res["summary"]
    # the identities bound alike share their reviews: per role at home, per ClusterRoleBinding set cluster-wide
    assert props["reviews"] < props["cells"] / 2
    case = junit.find("testsuite/testcase[@name='tenant_isolation']")
    assert case.find("failure") is None
    cells = {p.get("name"): p.get("value") for p in case.findall("properties/property")}
    assert cells["cells"] == str(props["cells"]) and cells["identities"] == "13"
    # what each identity may do at home is shown; the team admin's RoleBindings are the tenant design, a note
    notes = "\n".join(res["notes"])
    assert f"group {names[0]}-admins (admin) may manage RoleBindings in {namespaces[0]}" in notes
    assert f"team {names[1]}: group {names[1]}-viewers (view): writes nothing" in notes
    # the call graph team: the gateway and monitoring agree at L3 and L7, so no warning names it
    assert not [n for n in res["notes"] if n.startswith(f"warning: team {names[0]}:")], notes
    print(res["summary"])


def test_a_hand_made_rolebinding_into_another_team_fails_naming_it(teams, control_plane, kube, tmp_path):
    names, namespaces = teams
    rogue = {
        "apiVersion": RBAC,
        "kind": "RoleBinding",
        "metadata": {"name": "help-from-next-door", "namespace": namespaces[1]},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"},
        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": f"{names[2]}-devs"}],
    }
    kube.apply(rogue)
    try:
        out, res, junit = isolation(control_plane, namespaces, tmp_path)
        assert res["status"] == verify.FAILED
        assert {r["reason"] for r in res["rows"]} == {"CrossTeamGrant"}, out["table"]
        messages = [r["message"] for r in res["rows"]]
        expected = (
            f"team {names[2]}: group {names[2]}-devs (edit) may get, list, watch, create, update, patch, delete, deletecollection deployments.apps "
            f"in namespace {namespaces[1]} of team {names[1]} through RoleBinding {namespaces[1]}/help-from-next-door"
        )
        assert expected in messages, messages
        assert any(m.startswith(f"team {names[2]}: group {names[2]}-devs (edit) may get, list, watch, create") and " secrets " in m for m in messages)
        assert all(f"group {names[2]}-devs (edit)" in m for m in messages)
        assert "tenant_isolation" in out["failed_checks"] and any("help-from-next-door" in line for line in out["failures"])
        failure = junit.find("testsuite/testcase[@name='tenant_isolation']/failure")
        assert failure is not None and "help-from-next-door" in failure.text
        # one review per cell finds exactly the same
        every = isolation(control_plane, namespaces, tmp_path, every_cell=True)[1]
        assert every["rows"] == res["rows"] and every["properties"]["reviews"] == every["properties"]["cells"] == res["properties"]["cells"]
    finally:
        kube.delete(rogue)
    assert isolation(control_plane, namespaces, tmp_path)[1]["status"] == verify.PASSED


def test_a_namespace_wide_netpol_beside_a_call_graph_fails_with_strict_mtls_and_warns_otherwise(teams, control_plane, kube, tmp_path):
    names, namespaces = teams
    wide = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "allow-monitoring-everywhere", "namespace": namespaces[0]},
        "spec": {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{"from": [{"namespaceSelector": {}}]}]},
    }
    kube.apply(wide)
    try:
        res = isolation(control_plane, namespaces, tmp_path)[1]
        assert res["status"] == verify.FAILED
        assert {r["reason"] for r in res["rows"]} == {"NetworkPolicyOnlyFromOutside"}
        assert f"team {names[0]}: ns:any namespace -> svc:worker in {namespaces[0]}: NetworkPolicy only" in [r["message"] for r in res["rows"]]
        res = isolation(control_plane, namespaces, tmp_path, mtls="PERMISSIVE")[1]
        assert res["status"] == verify.PASSED and res["properties"]["warnings"] >= 2
        assert f"warning: team {names[0]}: ns:any namespace -> svc:worker in {namespaces[0]}: NetworkPolicy only" in res["notes"]
    finally:
        kube.delete(wide)


def test_the_module_reports_the_check(teams, control_plane, tmp_path):
    """platform_verify as Ansible runs it: the failed check's table names the binding."""
    names, namespaces = teams
    args = {
        "checks": ["tenant_isolation"],
        "environment": "prod",
        "team_namespaces": namespaces,
        "kubeconfig": control_plane["kubeconfig"],
        "junit_path": str(tmp_path / "m.xml"),
    }
    path = tmp_path / "args.json"
    path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    env = dict(os.environ, PYTHONPATH=os.path.join(root, ".collections"))
    proc = subprocess.run(
        [sys.executable, "-m", "ansible_collections.platform.runtime.plugins.modules.platform_verify", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    result = json.loads(proc.stdout)
    assert not result.get("failed"), result
    assert result["results"][0]["name"] == "tenant_isolation" and result["results"][0]["properties"]["cells"] > 0
    assert "tenant_isolation  PASSED" in result["table"]
