# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Cluster Autoscaler's side of EKS against a real moto server: discovery tags, scale-out left alone, IAM.

EKS creates a managed node group's Auto Scaling group itself and names it in ``resources.autoScalingGroups``. moto's
EKS names one but does not create it, so the test creates it in moto's Auto Scaling under that name, as EKS would.
"""

import json
import os

import boto3
import pytest

from ansible_collections.platform.runtime.plugins.module_utils import autoscaling
from ansible_collections.platform.runtime.plugins.module_utils.eks import service as eks_service
from ansible_collections.platform.runtime.plugins.module_utils.kube import apply_crds
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents
from ansible_collections.platform.runtime.tests.support.aws import OperationRecorder
from ansible_collections.platform.runtime.tests.support.eks import NODEGROUP_PARAMS, with_defaults

pytestmark = pytest.mark.aws
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


@pytest.fixture
def cluster(moto_server, unique):
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.11.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.11.{i}.0/24", AvailabilityZone="us-east-1" + az)["Subnet"]["SubnetId"] for i, az in enumerate("ab")]
    name = "ca-" + unique
    eks = boto3.client("eks", region_name="us-east-1")
    eks.create_cluster(name=name, version="1.31", roleArn="arn:aws:iam::123456789012:role/eks", resourcesVpcConfig={"subnetIds": subnets})
    yield name, subnets
    for ng in eks.list_nodegroups(clusterName=name)["nodegroups"]:
        eks.delete_nodegroup(clusterName=name, nodegroupName=ng)
    eks.delete_cluster(name=name)


def nparams(cluster, subnets, **kw):
    """The node group of these tests, tagged for discovery, on the shared module defaults (tests/support/eks.py)."""
    mine = dict(
        cluster_name=cluster,
        name="general",
        node_role="arn:aws:iam::123456789012:role/node",
        subnets=subnets,
        instance_types=["t3.large"],
        capacity_type="ON_DEMAND",
        disk_size=20,
        labels={"workload": "general"},
        scaling={"min_size": 1, "max_size": 10, "desired_size": 2},
        tags={"env": "test"},
        autoscaler_discovery=True,
        wait=True,
        wait_timeout=60,
    )
    return with_defaults(dict(NODEGROUP_PARAMS, **mine), kw)


def create_eks_asg(asg, ec2, nodegroup, subnets):
    """What EKS does for a managed node group and moto's EKS does not: the Auto Scaling group it names."""
    (group,) = nodegroup["resources"]["autoScalingGroups"]
    template = ec2.create_launch_template(LaunchTemplateName=group["name"], LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.large"})
    size = nodegroup["scalingConfig"]
    asg.create_auto_scaling_group(
        AutoScalingGroupName=group["name"],
        LaunchTemplate={"LaunchTemplateId": template["LaunchTemplate"]["LaunchTemplateId"]},
        MinSize=size["minSize"],
        MaxSize=size["maxSize"],
        DesiredCapacity=size["desiredSize"],
        VPCZoneIdentifier=",".join(subnets),
        Tags=[{"Key": "eks:nodegroup-name", "Value": nodegroup["nodegroupName"], "PropagateAtLaunch": True}],
    )
    return group["name"]


def group_tags(asg, name):
    tags = asg.describe_tags(Filters=[{"Name": "auto-scaling-group", "Values": [name]}])["Tags"]
    return {t["Key"]: (t["Value"], t["PropagateAtLaunch"]) for t in tags}


def test_discovery_tags_then_a_scale_out_out_of_band_changes_nothing(cluster, moto_server):
    name, subnets = cluster
    eks, asg, ec2 = (boto3.client(s, region_name="us-east-1") for s in ("eks", "autoscaling", "ec2"))
    created = eks_service.nodegroup(eks, nparams(name, subnets, autoscaler_discovery=False), asg_api=asg)
    assert created["changed"] and "autoscaling_groups" not in created
    group = create_eks_asg(asg, ec2, created["nodegroup"], subnets)
    assert set(group_tags(asg, group)) == {"eks:nodegroup-name"}

    recorder = OperationRecorder(asg)
    predicted = eks_service.nodegroup(eks, nparams(name, subnets), check_mode=True, asg_api=asg)
    assert predicted["changed"] and recorder.mutating == []
    assert [u["op"] for u in predicted["updates"]] == ["create_or_update_tags"]

    tagged = eks_service.nodegroup(eks, nparams(name, subnets), asg_api=asg)
    assert tagged["changed"] and tagged["autoscaling_groups"] == [group]
    tags = group_tags(asg, group)
    assert tags["k8s.io/cluster-autoscaler/enabled"] == ("true", False)
    assert tags[f"k8s.io/cluster-autoscaler/{name}"] == ("owned", False)
    assert tags["eks:nodegroup-name"] == ("general", True)  # the group's other tags are left alone

    again = eks_service.nodegroup(eks, nparams(name, subnets), asg_api=asg)
    assert again["changed"] is False and again["updates"] == []

    # The autoscaler scales out: it sets the group's desired capacity, and EKS reports the node group's new size.
    asg.set_desired_capacity(AutoScalingGroupName=group, DesiredCapacity=6)
    eks.update_nodegroup_config(clusterName=name, nodegroupName="general", scalingConfig={"minSize": 1, "maxSize": 10, "desiredSize": 6})
    recorder = OperationRecorder(eks)
    after_scale = eks_service.nodegroup(eks, nparams(name, subnets), asg_api=asg)
    assert after_scale["changed"] is False and after_scale["updates"] == [], after_scale["updates"]
    assert recorder.mutating == []
    assert eks.describe_nodegroup(clusterName=name, nodegroupName="general")["nodegroup"]["scalingConfig"]["desiredSize"] == 6
    assert asg.describe_auto_scaling_groups(AutoScalingGroupNames=[group])["AutoScalingGroups"][0]["DesiredCapacity"] == 6

    # A discovery tag someone changed is put back, and only that one.
    asg.create_or_update_tags(
        Tags=[
            {
                "ResourceId": group,
                "ResourceType": "auto-scaling-group",
                "Key": f"k8s.io/cluster-autoscaler/{name}",
                "Value": "shared",
                "PropagateAtLaunch": False,
            }
        ]
    )
    fixed = eks_service.nodegroup(eks, nparams(name, subnets), asg_api=asg)
    assert fixed["changed"] and [t["Key"] for u in fixed["updates"] for t in u["args"]["Tags"]] == [f"k8s.io/cluster-autoscaler/{name}"]
    assert group_tags(asg, group)[f"k8s.io/cluster-autoscaler/{name}"] == ("owned", False)


@pytest.fixture(scope="module")
def flux_crds(kube, upstream_dir):
    crds = [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]
    assert all(r["action"] != "failed" for r in apply_crds(kube, crds)[0])
    kube.forget()


@pytest.mark.k8s
@pytest.mark.upstream
def test_autoscaling_role_creates_the_pod_identity_role_with_the_least_privilege_policy(moto_server, run_playbook, control_plane, kube, flux_crds, unique):
    """The role on the real control plane with provider eks (manifests) and moto (IAM): role, trust and policy."""
    name = "ca-role-" + unique
    ev = {
        "platform_kubeconfig": control_plane["kubeconfig"],
        "platform_environment": "staging",
        "platform_cluster_provider": "eks",
        "platform_controllers_running": False,
        "eks_cluster_name": name,
        "eks_cluster_version": "1.31",
        "eks_cluster_region": "us-east-1",
        "eks_cluster_endpoint_url": moto_server,
        # moto 5.2.5 has no Pod Identity API: the association is made by eks_pod_identity, tested with Stubber.
        "eks_cluster_manage_identity": False,
        "eks_cluster_tags": {"platform": "runtime"},
    }
    playbook = os.path.join(ROOT, "tests", "integration", "playbooks", "autoscaling.yml")
    first = run_playbook(playbook, extra_vars=ev, inventory="localhost,")
    assert first.rc == 0, first.explain()
    iam = boto3.client("iam", region_name="us-east-1")
    role = iam.get_role(RoleName=f"{name}-cluster-autoscaler")["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "pods.eks.amazonaws.com"}
    doc = iam.get_role_policy(RoleName=f"{name}-cluster-autoscaler", PolicyName="cluster-autoscaler")["PolicyDocument"]
    if isinstance(doc, str):
        doc = json.loads(doc)
    assert doc == autoscaling.iam_policy(name, "us-east-1")
    (msg,) = [r["msg"] for r in first.task_results("Report")]
    assert msg.startswith("autoscaling: metrics-server 3.13.1 applied, not reconciled (no controllers);")
    assert f"cluster-autoscaler 9.59.0 (image v1.31.0, cluster {name} 1.31) applied, not reconciled" in msg
    hrs = kube.list("helm.toolkit.fluxcd.io/v2", "HelmRelease", namespace="kube-system", label_selector="platform.runtime/component=autoscaling")
    by_name = {h["metadata"]["name"]: h for h in hrs}
    assert sorted(by_name) == ["cluster-autoscaler", "metrics-server"]
    assert by_name["cluster-autoscaler"]["spec"]["values"]["autoDiscovery"] == {"clusterName": name}

    again = run_playbook(playbook, extra_vars=ev, inventory="localhost,")
    assert again.rc == 0 and again.changed() == 0, again.explain()
    check = run_playbook(playbook, "--diff", extra_vars=ev, inventory="localhost,", check=True)
    assert check.rc == 0 and check.changed() == 0, check.explain()

    pinned = run_playbook(playbook, extra_vars=dict(ev, autoscaling_settings={"cluster_autoscaler": {"image_tag": "v1.35.0"}}), inventory="localhost,")
    assert pinned.rc != 0
    assert "cluster_autoscaler.image_tag='v1.35.0': expected a release of the cluster's minor version 1.31 (v1.31.x)" in pinned.stdout
    assert pinned.changed() == 0
    still = kube.get({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": {"name": "cluster-autoscaler", "namespace": "kube-system"}})
    assert still["spec"]["values"]["image"]["tag"] == "v1.31.0"
