# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The version matrix stops site.yml in validate_inventory, before any AWS request (the moto server's access log)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.aws]


def _failed_task(result, host):
    for play in result.data.get("plays", []):
        for task in play.get("tasks", []):
            r = task["hosts"].get(host)
            if r and r.get("failed"):
                return task["task"]["name"], play["play"]["name"], r
    return None, None, None


@pytest.mark.parametrize(
    "inventory, host, extra, expected",
    [
        (
            "inventories/staging",
            "localhost",
            {"eks_cluster_version": "1.31"},
            "eks_cluster_version='1.31': Flux 2.9.4 (flux) supports Kubernetes 1.34.1 to 1.36.x",
        ),
        (
            "inventories/prod",
            "prod-use1",
            {"eks_cluster_version": "1.33"},
            "eks_cluster_version='1.33': Flux 2.9.4 (flux) supports Kubernetes 1.34.1 to 1.36.x",
        ),
        (
            "inventories/staging",
            "localhost",
            {"platform_allow_unsupported_kubernetes": True, "eks_cluster_version": "1.31"},
            "platform_allow_unsupported_kubernetes=True: expected false outside the local control plane",
        ),
    ],
)
def test_a_version_outside_the_matrix_fails_before_any_aws_request(moto_server, run_playbook, inventory, host, extra, expected):
    before = len(moto_server.requests())
    result = run_playbook("site.yml", inventory=inventory, extra_vars=extra)
    assert result.rc != 0, result.explain()
    task, play, r = _failed_task(result, host)
    assert play == "Validate the inventory", result.explain()
    assert task.endswith("Refuse a Kubernetes version outside the version matrix"), result.explain()
    assert expected in r["msg"], r["msg"]
    # Every AWS call of eks_cluster and the modules goes to AWS_ENDPOINT_URL, the moto server: none was made.
    assert moto_server.requests()[before:] == []


def test_the_same_inventory_with_its_own_version_gets_past_validation(moto_server, run_playbook):
    """The control case: without the bad version, validate_inventory passes and the run reaches AWS (moto)."""
    before = len(moto_server.requests())
    result = run_playbook("site.yml", "--check", inventory="inventories/staging", extra_vars={"eks_cluster_wait_timeout": 5})
    names = [t["task"]["name"] for p in result.data.get("plays", []) for t in p.get("tasks", [])]
    assert any(n.endswith("Refuse a Kubernetes version outside the version matrix") for n in names)
    task, play, _r = _failed_task(result, "localhost")
    assert play != "Validate the inventory", result.explain()
    assert len(moto_server.requests()) > before
