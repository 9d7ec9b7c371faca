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
    assert play == "Validate the inventory and resolve the pinned upstream data", result.explain()
    assert task.endswith("Refuse a Kubernetes version outside the version matrix, and values that cannot work"), result.explain()
    assert expected in r["msg"], r["msg"]
    # Every AWS call of eks_cluster and the modules goes to AWS_ENDPOINT_URL, the moto server: none was made.
    assert moto_server.requests()[before:] == []


# What a vault file gives staging and prod: a value for every key their receivers read (never real values here).
VAULT = {
    "vault_monitoring_receiver_secrets": {
        k: "https://hooks.slack.invalid/test" if k.endswith("-url") else "test-value"
        for k in (
            "platform-slack-slack-url",
            "platform-pager-pagerduty-routing-key",
            "smtp-password",
            "team-backend-slack-url",
            "team-payments-slack-url",
            "team-payments-pagerduty-routing-key",
        )
    }
}


def test_the_same_inventory_with_its_own_version_gets_past_validation(moto_server, run_playbook):
    """The control case: without the bad version, validate_inventory passes and the run reaches AWS (moto)."""
    before = len(moto_server.requests())
    result = run_playbook("site.yml", "--check", inventory="inventories/staging", extra_vars=dict(VAULT, eks_cluster_wait_timeout=5))
    names = [t["task"]["name"] for p in result.data.get("plays", []) for t in p.get("tasks", [])]
    assert any(n.endswith("Refuse a Kubernetes version outside the version matrix, and values that cannot work") for n in names)
    task, play, _r = _failed_task(result, "localhost")
    assert play != "Validate the inventory and resolve the pinned upstream data", result.explain()
    assert len(moto_server.requests()) > before


@pytest.mark.parametrize("inventory", ["inventories/local", "inventories/local-multi", "inventories/dev", "inventories/staging", "inventories/prod"])
def test_every_inventory_passes_validate_inventory_with_what_its_user_supplies(run_playbook, inventory):
    """local and dev need nothing; staging and prod need their vault (the receivers' secrets)."""
    extra = VAULT if inventory in ("inventories/staging", "inventories/prod") else {}
    result = run_playbook("tests/integration/playbooks/validate_inventory.yml", inventory=inventory, extra_vars=extra)
    assert result.rc == 0, result.explain()


def test_dev_without_a_vault_falls_back_to_the_null_receiver_with_a_warning(run_playbook):
    result = run_playbook("tests/integration/playbooks/validate_inventory.yml", inventory="inventories/dev")
    assert result.rc == 0, result.explain()
    (said,) = result.task_results("Say what is supported only for now")
    text = "\n".join(said["msg"])
    assert "receiver platform-slack has no value for platform-slack-slack-url; its alerts go to the null receiver (nothing is sent)" in text
    assert "receiver team-payments has no value for team-payments-slack-url, team-payments-pagerduty-routing-key; its alerts follow the severity routes" in text


@pytest.mark.parametrize(
    "inventory, host, extra, expected",
    [
        (
            "inventories/staging",
            "localhost",
            {},
            "monitoring_receiver_secrets: receiver platform-slack has no value for platform-slack-slack-url; expected a value for each key (from vault)",
        ),
        (
            "inventories/prod",
            "prod-usw2",
            VAULT,
            None,
        ),
        (
            "inventories/staging",
            "localhost",
            dict(VAULT, flux_git_url="ssh://git@git.example.com/platform/platform.git"),
            "flux_git_url='ssh://git@git.example.com/platform/platform.git': expected the URL of your platform repository while"
            " flux_app_of_apps_enabled is true",
        ),
        (
            "inventories/dev",
            "localhost",
            {"backup_settings": {"bucket": {"name": "velero", "s3_url": "http://minio.minio:9000"}}},
            "backup_settings.credentials_secret=None: expected a Secret with the keys of the S3-compatible store http://minio.minio:9000",
        ),
    ],
)
def test_values_that_cannot_work_fail_by_name(run_playbook, inventory, host, extra, expected):
    result = run_playbook("tests/integration/playbooks/validate_inventory.yml", inventory=inventory, extra_vars=extra)
    if expected is None:
        assert result.rc == 0, result.explain()
        return
    assert result.rc != 0
    (r,) = [t for t in result.task_results("values that cannot work", host=host) if t.get("failed")]
    assert expected in r["msg"], r["msg"]


def test_a_global_dns_host_no_gateway_serves_is_refused(run_playbook):
    result = run_playbook(
        "tests/integration/playbooks/validate_inventory.yml", inventory="inventories/prod", extra_vars={"global_dns_hosts": ["pay.example.com"]}
    )
    assert result.rc != 0
    (r,) = [t for t in result.task_results("Check the inventory", host="prod-use1") if t.get("failed")]
    assert (
        "global_dns_hosts[0]='pay.example.com': expected a host some region's ingress Gateway serves (istio_gateway_hosts: payments.platform.example.com)"
        in r["msg"]
    )
