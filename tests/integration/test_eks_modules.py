# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""eks_cluster and eks_nodegroup against a real moto server over HTTP (boto3, no stubs)."""

import base64
import urllib.parse

import boto3
import pytest

from ansible_collections.platform.runtime.plugins.module_utils import aws
from ansible_collections.platform.runtime.plugins.module_utils.eks import plans, service
from ansible_collections.platform.runtime.tests.support.aws import OperationRecorder

pytestmark = pytest.mark.aws


@pytest.fixture
def api(moto_server):
    return boto3.client("eks", region_name="us-east-1")


@pytest.fixture
def subnets(moto_server):
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    ids = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone="us-east-1" + az)["Subnet"]["SubnetId"] for i, az in enumerate("ab")]
    return ids


def cparams(name, subnets, **kw):
    p = dict(
        name=name,
        state="present",
        version="1.29",
        role_arn="arn:aws:iam::123456789012:role/eks",
        subnets=subnets,
        security_groups=None,
        endpoint_public_access=True,
        endpoint_private_access=False,
        endpoint_public_access_cidrs=None,
        logging=["api"],
        encryption_key_arn=None,
        tags={"env": "test"},
        purge_tags=True,
        wait=True,
        wait_timeout=60,
    )
    p.update(kw)
    return p


def nparams(cluster, subnets, **kw):
    p = dict(
        cluster_name=cluster,
        name="ng",
        state="present",
        node_role="arn:aws:iam::123456789012:role/node",
        subnets=subnets,
        instance_types=["t3.medium"],
        capacity_type="ON_DEMAND",
        ami_type=None,
        disk_size=20,
        labels={"role": "general"},
        taints=[{"key": "dedicated", "value": "general", "effect": "NO_SCHEDULE"}],
        scaling={"min_size": 1, "max_size": 3, "desired_size": 2},
        enforce_desired_size=False,
        max_unavailable=None,
        version=None,
        release_version=None,
        tags={"env": "test"},
        purge_tags=True,
        wait=True,
        wait_timeout=60,
    )
    p.update(kw)
    return p


def test_cluster_create_describe_update_delete(api, subnets, unique):
    name = "c-" + unique
    p = cparams(name, subnets)
    created = service.cluster(api, p)
    assert created["changed"] and created["cluster"]["status"] == "ACTIVE"
    assert api.describe_cluster(name=name)["cluster"]["tags"] == {"env": "test"}
    assert service.cluster(api, p)["changed"] is False

    p.update(
        logging=["api", "audit"],
        endpoint_private_access=True,
        endpoint_public_access_cidrs=["203.0.113.0/24"],
        tags={"env": "prod", "o": "x"},
    )
    changed = service.cluster(api, p, want_diff=True)
    assert [u["op"] for u in changed["updates"]] == ["update_cluster_config", "update_cluster_config", "tag_resource"]
    described = api.describe_cluster(name=name)["cluster"]
    assert plans.enabled_log_types(described) == {"api", "audit"}
    assert described["resourcesVpcConfig"]["endpointPrivateAccess"] is True
    assert described["resourcesVpcConfig"]["publicAccessCidrs"] == ["203.0.113.0/24"]
    assert described["tags"] == {"env": "prod", "o": "x"}
    assert changed["diff"]["before"]["tags"] == {"env": "test"} and changed["diff"]["after"]["tags"] == {
        "env": "prod",
        "o": "x",
    }
    assert service.cluster(api, p)["changed"] is False

    p["tags"] = {"o": "x"}
    assert [u["op"] for u in service.cluster(api, p)["updates"]] == ["untag_resource"]
    assert api.describe_cluster(name=name)["cluster"]["tags"] == {"o": "x"}

    gone = service.cluster(api, dict(p, state="absent"))
    assert gone["changed"] and name not in api.list_clusters()["clusters"]
    assert service.cluster(api, dict(p, state="absent"))["changed"] is False


def test_check_mode_makes_no_mutating_call(api, subnets, unique):
    name = "chk-" + unique
    recorder = OperationRecorder(api)
    create = service.cluster(api, cparams(name, subnets), check_mode=True)
    assert create["changed"] and [u["op"] for u in create["updates"]] == ["create_cluster"]
    assert name not in api.list_clusters()["clusters"]

    service.cluster(api, cparams(name, subnets))
    recorder.operations.clear()
    p = cparams(name, subnets, logging=["audit"], endpoint_private_access=True, tags={"env": "other"})
    predicted = service.cluster(api, p, check_mode=True)
    assert predicted["changed"] and len(predicted["updates"]) == 3
    assert recorder.mutating == [] and recorder.operations == ["describe_cluster"]
    real = service.cluster(api, p)
    assert real["changed"] == predicted["changed"] and real["updates"] == predicted["updates"]
    recorder.operations.clear()
    again = service.cluster(api, p, check_mode=True)
    assert again["changed"] is False and recorder.mutating == []

    ng = nparams(name, subnets)
    assert service.nodegroup(api, ng, check_mode=True)["changed"]
    assert recorder.mutating == []
    service.cluster(api, dict(p, state="absent"))


def test_nodegroup_create_describe_update_delete(api, subnets, unique):
    name = "n-" + unique
    service.cluster(api, cparams(name, subnets))
    p = nparams(name, subnets)
    created = service.nodegroup(api, p)
    assert created["changed"] and created["nodegroup"]["scalingConfig"] == {
        "minSize": 1,
        "maxSize": 3,
        "desiredSize": 2,
    }
    assert service.nodegroup(api, p)["changed"] is False

    # An autoscaler moved the group to 3 nodes: desired_size is not enforced, so nothing changes.
    api.update_nodegroup_config(clusterName=name, nodegroupName="ng", scalingConfig={"minSize": 1, "maxSize": 3, "desiredSize": 3})
    assert service.nodegroup(api, p)["changed"] is False
    assert service.nodegroup(api, dict(p, scaling=None))["changed"] is False

    # moto 5.2.5 cannot tag node group ARNs (TagResource: NotFound), so tags stay as created here.
    p.update(labels={"role": "batch"}, taints=[], scaling={"min_size": 1, "max_size": 5, "desired_size": 2})
    result = service.nodegroup(api, p)
    assert [u["op"] for u in result["updates"]] == ["update_nodegroup_config"]
    described = api.describe_nodegroup(clusterName=name, nodegroupName="ng")["nodegroup"]
    assert described["scalingConfig"] == {"minSize": 1, "maxSize": 5, "desiredSize": 3}
    assert described["labels"] == {"role": "batch"} and described["taints"] == []
    assert service.nodegroup(api, p)["changed"] is False

    enforced = service.nodegroup(api, dict(p, enforce_desired_size=True))
    assert enforced["nodegroup"]["scalingConfig"]["desiredSize"] == 2

    with pytest.raises(plans.PlanError, match="cannot change instance_types"):
        service.nodegroup(api, dict(p, instance_types=["m5.large"]))
    with pytest.raises(ValueError, match="still has node groups ng"):
        service.cluster(api, cparams(name, subnets, state="absent"))

    assert service.nodegroup(api, dict(p, state="absent"))["changed"]
    assert api.list_nodegroups(clusterName=name)["nodegroups"] == []
    assert service.cluster(api, cparams(name, subnets, state="absent"))["changed"]


@pytest.mark.parametrize(
    "flow, params, fragment",
    [
        (service.cluster, {"version": "1.x"}, "version='1.x' is not a Kubernetes version"),
        (service.cluster, {"endpoint_public_access_cidrs": ["300.0.0.0/8"]}, "not a valid CIDR"),
        (service.cluster, {"subnets": ["subnet-1"]}, "at least two subnets"),
        (
            service.nodegroup,
            {"scaling": {"min_size": 4, "max_size": 2, "desired_size": 3}},
            "min_size=4 is greater than scaling.max_size=2",
        ),
        (service.nodegroup, {"instance_types": ["big-one"]}, "instance_types contains 'big-one'"),
    ],
)
def test_bad_input_fails_before_any_call(api, subnets, flow, params, fragment):
    base = cparams("bad", subnets) if flow is service.cluster else nparams("bad", subnets)
    base.update(params)
    recorder = OperationRecorder(api)
    with pytest.raises(ValueError, match=fragment):
        flow(api, base)
    assert recorder.operations == []


def test_token_is_a_presigned_get_caller_identity(moto_server):
    token = aws.eks_token(boto3.client("sts", region_name="us-east-1"), "my-cluster")
    assert token.startswith("k8s-aws-v1.") and "=" not in token
    raw = token[len("k8s-aws-v1.") :]
    url = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    assert query["Action"] == ["GetCallerIdentity"]
    assert "x-k8s-aws-id" in query["X-Amz-SignedHeaders"][0].split(";")
    assert query["X-Amz-Expires"] == ["60"]
