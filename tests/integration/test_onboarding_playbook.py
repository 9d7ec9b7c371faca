"""onboard.yml / offboard.yml from the checkout, with the default inventory, against the test control plane."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.k8s


def ns_obj(name):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def test_cli_form_onboards_and_reruns_unchanged(run_playbook, control_plane, kube, unique):
    team, namespace = "cli-" + unique, "app-team-" + unique
    args = [
        "-e",
        "platform_kubeconfig=" + control_plane["kubeconfig"],
        "-e",
        "team=" + team,
        "-e",
        "namespace=" + namespace,
    ]
    args += ["-e", "env=staging", "-e", "cpu=10", "-e", "memory=20Gi", "-e", "pods=100"]
    r = run_playbook("onboard.yml", *args)
    assert r.rc == 0 and r.failed() == 0, r.explain()
    assert r.changed() >= 1
    nso = kube.get(ns_obj(namespace))
    assert nso["metadata"]["labels"]["team"] == team and nso["metadata"]["labels"]["environment"] == "staging"
    hard = kube.get({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "team-quota", "namespace": namespace}})["spec"]["hard"]
    assert (hard["requests.cpu"], hard["limits.cpu"], hard["requests.memory"], hard["limits.memory"], hard["pods"]) == (
        "10",
        "10",
        "20Gi",
        "20Gi",
        "100",
    )
    rb = kube.get(
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": {"name": "team-edit", "namespace": namespace},
        }
    )
    assert {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": team + "-developers"} in rb["subjects"]

    r = run_playbook("onboard.yml", *args)
    assert r.rc == 0 and r.changed() == 0, r.explain()

    # Offboarding finds the namespace by its ownership labels; --check deletes nothing.
    off = ["-e", "platform_kubeconfig=" + control_plane["kubeconfig"], "-e", "team=" + team, "-e", "env=staging"]
    r = run_playbook("offboard.yml", *off, check=True)
    assert r.rc == 0, r.explain()
    assert kube.get(ns_obj(namespace)) is not None
    r = run_playbook("offboard.yml", *off)
    assert r.rc == 0 and r.changed() >= 1, r.explain()
    assert kube.get(ns_obj(namespace)) is None


def test_inventory_teams_onboard_and_rerun_unchanged(run_playbook, control_plane, kube):
    env = {"PLATFORM_KUBECONFIG": control_plane["kubeconfig"]}
    r = run_playbook("onboard.yml", env=env)
    assert r.rc == 0 and r.failed() == 0, r.explain()
    for name in ("backend-local", "payments-local"):
        assert kube.get(ns_obj(name))["metadata"]["labels"]["environment"] == "local"
    sa = kube.get(
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {"name": "fraud-detector", "namespace": "payments-local"},
        }
    )
    assert sa is not None
    r = run_playbook("onboard.yml", env=env)
    assert r.rc == 0 and r.changed() == 0, r.explain()
    r = run_playbook("onboard.yml", "-e", "team=backend", env=env, check=True, diff=True)
    assert r.rc == 0 and r.changed() == 0, r.explain()


def test_missing_kubeconfig_fails_clearly(run_playbook, tmp_path):
    r = run_playbook("onboard.yml", "-e", f"platform_kubeconfig={tmp_path}/none.kubeconfig")
    assert r.rc != 0
    assert "none.kubeconfig does not exist" in r.stdout, r.explain()


def test_offboard_requires_a_team(run_playbook, control_plane):
    r = run_playbook("offboard.yml", "-e", "platform_kubeconfig=" + control_plane["kubeconfig"])
    assert r.rc != 0
    assert "offboarding needs one team" in r.stdout, r.explain()
