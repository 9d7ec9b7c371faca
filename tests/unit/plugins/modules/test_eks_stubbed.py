# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""botocore Stubber, only for what moto 5.2.5 lacks (HTTP 404 there): update_cluster_version + describe_update stepping,
the add-on lifecycle and update_nodegroup_version, including failures and timeouts."""

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.platform.runtime.plugins.module_utils import aws
from ansible_collections.platform.runtime.plugins.module_utils.eks import service
from ansible_collections.platform.runtime.tests.support import eks as eks_data


@pytest.fixture
def api(monkeypatch):
    monkeypatch.setattr(aws, "POLL_DELAY", 1)
    client = boto3.client(
        "eks",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        endpoint_url="https://eks.invalid",
    )
    with Stubber(client) as stub:
        client.stub = stub
        yield client
        stub.assert_no_pending_responses()


def no_sleep(_seconds):
    return None


class Clock:
    """A fake monotonic clock that advances when the code sleeps."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += max(seconds, 1)


def cluster(version, **kw):
    c = {
        "name": "c1",
        "arn": "arn:aws:eks:us-east-1:123456789012:cluster/c1",
        "version": version,
        "status": "ACTIVE",
        "roleArn": "arn:aws:iam::123456789012:role/c",
        "resourcesVpcConfig": {"subnetIds": ["s-a", "s-b"]},
        "tags": {},
    }
    c.update(kw)
    return {"cluster": c}


def update(uid, status, kind="VersionUpdate", errors=None):
    u = {"id": uid, "status": status, "type": kind}
    if errors:
        u["errors"] = errors
    return {"update": u}


def with_wait(build, wait_timeout, kw):
    """The pure-planning parameters from ``build`` plus the wait options the modules add."""
    return build(**dict({"wait": True, "wait_timeout": wait_timeout}, **kw))


def cluster_params(**kw):
    return with_wait(eks_data.cluster_params, 600, kw)


def test_version_upgrade_steps_one_minor_at_a_time_and_waits(api):
    s = api.stub
    s.add_response("describe_cluster", cluster("1.28"), {"name": "c1"})
    s.add_response("update_cluster_version", update("u1", "InProgress"), {"name": "c1", "version": "1.29"})
    s.add_response("describe_update", update("u1", "InProgress"), {"name": "c1", "updateId": "u1"})
    s.add_response("describe_update", update("u1", "Successful"), {"name": "c1", "updateId": "u1"})
    s.add_response("update_cluster_version", update("u2", "InProgress"), {"name": "c1", "version": "1.30"})
    s.add_response("describe_update", update("u2", "Successful"), {"name": "c1", "updateId": "u2"})
    s.add_response("describe_cluster", cluster("1.30"), {"name": "c1"})
    result = service.cluster(api, cluster_params(version="1.30"), sleep=no_sleep)
    assert result["changed"] is True
    assert [u["args"]["version"] for u in result["updates"]] == ["1.29", "1.30"]
    assert result["cluster"]["version"] == "1.30"


def test_version_upgrade_waits_even_when_wait_is_false(api):
    s = api.stub
    s.add_response("describe_cluster", cluster("1.29"), {"name": "c1"})
    s.add_response("update_cluster_version", update("u1", "InProgress"), {"name": "c1", "version": "1.30"})
    s.add_response("describe_update", update("u1", "Successful"), {"name": "c1", "updateId": "u1"})
    s.add_response("describe_cluster", cluster("1.30"), {"name": "c1"})
    assert service.cluster(api, cluster_params(version="1.30", wait=False), sleep=no_sleep)["changed"]


def test_failed_version_step_stops_at_once_with_aws_reason(api):
    s = api.stub
    s.add_response("describe_cluster", cluster("1.28"), {"name": "c1"})
    s.add_response("update_cluster_version", update("u1", "InProgress"), {"name": "c1", "version": "1.29"})
    errors = [{"errorCode": "InsufficientFreeAddresses", "errorMessage": "subnet s-a has no free IPs"}]
    s.add_response("describe_update", update("u1", "Failed", errors=errors), {"name": "c1", "updateId": "u1"})
    with pytest.raises(aws.AWSError) as e:
        service.cluster(api, cluster_params(version="1.30"), sleep=no_sleep)
    msg = str(e.value)
    assert "cluster c1" in msg and "InsufficientFreeAddresses: subnet s-a has no free IPs" in msg and "failed" in msg


def test_version_step_times_out(api):
    clock = Clock()
    s = api.stub
    s.add_response("describe_cluster", cluster("1.28"), {"name": "c1"})
    s.add_response("update_cluster_version", update("u1", "InProgress"), {"name": "c1", "version": "1.29"})
    for _attempt in range(4):
        s.add_response("describe_update", update("u1", "InProgress"), {"name": "c1", "updateId": "u1"})
    with pytest.raises(
        aws.AWSError,
        match=r"cluster c1: timed out after 3s waiting for update u1 \(VersionUpdate\), last status InProgress",
    ):
        service.cluster(api, cluster_params(version="1.29", wait_timeout=3), sleep=clock.sleep, clock=clock)


def test_update_in_progress_is_retried_with_backoff(api, monkeypatch):
    s = api.stub
    s.add_response("describe_cluster", cluster("1.28"), {"name": "c1"})
    s.add_client_error("update_cluster_version", "ResourceInUseException", "an update is in progress", 409)
    s.add_response("update_cluster_version", update("u1", "Successful"), {"name": "c1", "version": "1.29"})
    s.add_response("describe_cluster", cluster("1.29"), {"name": "c1"})
    slept = []
    # amazon.aws's AWSRetry sleeps with time.sleep in its cloud module.
    monkeypatch.setattr(cloud.time, "sleep", slept.append)
    assert service.cluster(api, cluster_params(version="1.29"), sleep=no_sleep)["changed"]
    assert len(slept) == 1 and 0 <= slept[0] <= 2


def test_check_mode_upgrade_makes_no_mutating_call(api):
    api.stub.add_response("describe_cluster", cluster("1.28"), {"name": "c1"})
    result = service.cluster(api, cluster_params(version="1.30"), check_mode=True, want_diff=True)
    assert result["changed"] and [u["op"] for u in result["updates"]] == ["update_cluster_version"] * 2
    assert result["diff"]["before"]["version"] == "1.28" and result["diff"]["after"]["version"] == "1.30"


# --------------------------------------------------------------------------- node group versions


def ng(version):
    return {
        "nodegroup": {
            "nodegroupName": "ng",
            "clusterName": "c1",
            "version": version,
            "status": "ACTIVE",
            "nodegroupArn": "arn:aws:eks:us-east-1:123456789012:nodegroup/c1/ng/1",
            "tags": {},
        }
    }


def ng_params(**kw):
    return with_wait(eks_data.ng_params, 600, kw)


def test_nodegroup_version_update(api):
    s = api.stub
    ids = {"clusterName": "c1", "nodegroupName": "ng"}
    s.add_response("describe_nodegroup", ng("1.29"), ids)
    s.add_response("update_nodegroup_version", update("n1", "InProgress"), dict(ids, version="1.30"))
    s.add_response("describe_update", update("n1", "Successful"), {"name": "c1", "nodegroupName": "ng", "updateId": "n1"})
    s.add_response("describe_nodegroup", ng("1.30"), ids)
    result = service.nodegroup(api, ng_params(version="1.30"), sleep=no_sleep)
    assert result["changed"] and result["nodegroup"]["version"] == "1.30"


def test_nodegroup_version_update_failure_names_the_node_group(api):
    s = api.stub
    ids = {"clusterName": "c1", "nodegroupName": "ng"}
    s.add_response("describe_nodegroup", ng("1.29"), ids)
    errors = [{"errorCode": "PodEvictionFailure", "errorMessage": "reached max retries while trying to evict pods"}]
    s.add_response("update_nodegroup_version", update("n1", "InProgress"), dict(ids, version="1.30"))
    s.add_response(
        "describe_update",
        update("n1", "Failed", errors=errors),
        {"name": "c1", "nodegroupName": "ng", "updateId": "n1"},
    )
    with pytest.raises(aws.AWSError, match="node group c1/ng: update n1 .* failed: PodEvictionFailure"):
        service.nodegroup(api, ng_params(version="1.30"), sleep=no_sleep)


def test_nodegroup_version_rejected_by_aws(api):
    s = api.stub
    ids = {"clusterName": "c1", "nodegroupName": "ng"}
    s.add_response("describe_nodegroup", ng("1.29"), ids)
    s.add_client_error("update_nodegroup_version", "InvalidParameterException", "Requested Nodegroup version 1.31 is invalid", 400)
    with pytest.raises(
        aws.AWSError,
        match="node group c1/ng: update_nodegroup_version failed: InvalidParameterException: Requested Nodegroup version",
    ):
        service.nodegroup(api, ng_params(version="1.31"), sleep=no_sleep)


# --------------------------------------------------------------------------- add-on lifecycle

ADDON_IDS = {"clusterName": "c1", "addonName": "vpc-cni"}


def addon(status="ACTIVE", version="v1.18.0", **kw):
    a = {
        "addonName": "vpc-cni",
        "clusterName": "c1",
        "status": status,
        "addonVersion": version,
        "addonArn": "arn:aws:eks:us-east-1:123456789012:addon/c1/vpc-cni/1",
        "tags": {},
    }
    a.update(kw)
    return {"addon": a}


def addon_params(**kw):
    return with_wait(eks_data.addon_params, 60, kw)


def not_found(stub, op, params):
    stub.add_client_error(op, "ResourceNotFoundException", "No addon: vpc-cni found in cluster: c1", 404, expected_params=params)


def test_addon_create_waits_until_active(api):
    s = api.stub
    not_found(s, "describe_addon", ADDON_IDS)
    s.add_response("create_addon", addon("CREATING"), dict(ADDON_IDS, addonVersion="v1.18.0", resolveConflicts="OVERWRITE"))
    s.add_response("describe_addon", addon("CREATING"), ADDON_IDS)
    s.add_response("describe_addon", addon("ACTIVE"), ADDON_IDS)
    s.add_response("describe_addon", addon("ACTIVE"), ADDON_IDS)
    result = service.addon(api, addon_params(version="v1.18.0", resolve_conflicts="OVERWRITE"))
    assert result["changed"] and result["addon"]["status"] == "ACTIVE"


def test_addon_create_failure_stops_the_wait_with_health_issues(api):
    s = api.stub
    not_found(s, "describe_addon", ADDON_IDS)
    s.add_response("create_addon", addon("CREATING"), ADDON_IDS)
    issues = {"issues": [{"code": "ConfigurationConflict", "message": "Conflicts found when trying to apply"}]}
    s.add_response("describe_addon", addon("CREATE_FAILED", health=issues), ADDON_IDS)
    with pytest.raises(
        aws.AWSError,
        match="add-on c1/vpc-cni: addon_active failed: CREATE_FAILED .ConfigurationConflict: Conflicts found",
    ):
        service.addon(api, addon_params())


def test_addon_create_times_out(api):
    s = api.stub
    not_found(s, "describe_addon", ADDON_IDS)
    s.add_response("create_addon", addon("CREATING"), ADDON_IDS)
    s.add_response("describe_addon", addon("CREATING"), ADDON_IDS)
    with pytest.raises(aws.AWSError, match="add-on c1/vpc-cni: timed out after 1s waiting for addon_active .last status: CREATING"):
        service.addon(api, addon_params(wait_timeout=1))


def test_addon_update_version_and_configuration(api):
    s = api.stub
    s.add_response("describe_addon", addon(configurationValues='{"env":{"A":"1"}}'), ADDON_IDS)
    expected = dict(ADDON_IDS, addonVersion="v1.19.0", configurationValues='{"env":{"A":"2"}}', resolveConflicts="PRESERVE")
    s.add_response("update_addon", update("a1", "InProgress", kind="AddonUpdate"), expected)
    s.add_response(
        "describe_update",
        update("a1", "Successful", kind="AddonUpdate"),
        {"name": "c1", "addonName": "vpc-cni", "updateId": "a1"},
    )
    s.add_response("describe_addon", addon(version="v1.19.0", configurationValues='{"env":{"A":"2"}}'), ADDON_IDS)
    result = service.addon(
        api,
        addon_params(version="v1.19.0", configuration_values={"env": {"A": "2"}}, resolve_conflicts="PRESERVE"),
        sleep=no_sleep,
    )
    assert result["changed"] and result["addon"]["addonVersion"] == "v1.19.0"


def test_addon_unchanged_makes_no_call(api):
    api.stub.add_response("describe_addon", addon(configurationValues='{"env":{"A":"1"}}'), ADDON_IDS)
    result = service.addon(api, addon_params(version="v1.18.0", configuration_values='{"env": {"A": "1"}}'))
    assert result == {"changed": False, "updates": [], "addon": addon(configurationValues='{"env":{"A":"1"}}')["addon"]}


def test_addon_delete_waits_until_gone(api):
    s = api.stub
    s.add_response("describe_addon", addon(), ADDON_IDS)
    s.add_response("delete_addon", addon("DELETING"), dict(ADDON_IDS, preserve=True))
    not_found(s, "describe_addon", ADDON_IDS)
    assert service.addon(api, addon_params(state="absent", preserve=True))["changed"]


def test_addon_delete_when_absent_is_a_no_op(api):
    not_found(api.stub, "describe_addon", ADDON_IDS)
    assert service.addon(api, addon_params(state="absent")) == {"changed": False, "updates": []}


def test_addon_api_error_names_the_addon(api):
    api.stub.add_client_error(
        "describe_addon",
        "AccessDeniedException",
        "not authorized to perform eks:DescribeAddon",
        403,
        expected_params=ADDON_IDS,
    )
    with pytest.raises(aws.AWSError, match="add-on c1/vpc-cni: describe_addon failed: AccessDeniedException: not authorized"):
        service.addon(api, addon_params())
