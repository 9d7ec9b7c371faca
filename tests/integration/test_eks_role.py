# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The eks_cluster role end to end against moto server: create -> re-run (changed=0) -> change -> delete."""

import os
import stat
import time

import boto3
import pytest

from ansible_collections.platform.runtime.tests.support.aws import decode_token, kubeconfig_exec, run_exec

pytestmark = [pytest.mark.aws, pytest.mark.slow]

PLAYBOOK = os.path.join(os.path.dirname(__file__), "playbooks", "eks_role.yml")


def role_vars(name, kubeconfig, **kw):
    v = {
        "eks_cluster_name": name,
        "eks_cluster_region": "us-east-1",
        "eks_cluster_azs": ["us-east-1a", "us-east-1b"],
        "eks_cluster_vpc_cidr": "10.42.0.0/16",
        # moto has no add-on API and the cluster endpoint it reports does not exist.
        "eks_cluster_manage_addons": False,
        # moto 5.2.5 has no access entry or pod identity API (the modules are tested with Stubber); the IAM roles
        # of the Pod Identity identities are still created against moto.
        "eks_cluster_manage_identity": False,
        "eks_cluster_pod_identities": [
            {"name": "velero", "namespace": "velero", "service_account": "velero", "policy_template": "velero-s3", "policy_vars": {"bucket": "backups-test"}}
        ],
        "eks_cluster_probe_endpoint": False,
        "eks_cluster_kubeconfig_path": kubeconfig,
        "eks_cluster_wait_timeout": 60,
        "eks_cluster_logging": ["api"],
        "eks_cluster_log_retention_days": 14,
        "eks_cluster_tags": {"platform": "runtime", "env": "test"},
        "eks_cluster_nodegroups": [
            {
                "name": "general",
                "instance_types": ["t3.medium"],
                "min_size": 1,
                "max_size": 3,
                "desired_size": 2,
                "labels": {"a": "b"},
            }
        ],
    }
    v.update(kw)
    return v


def assert_kubeconfig_mints_fresh_tokens(path, cluster, endpoint):
    """The kubeconfig holds no token; running its exec stanza twice yields two different valid tokens."""
    text = open(path).read()
    assert "k8s-aws-v1." not in text and "token:" not in text
    stanza = kubeconfig_exec(path)
    assert stanza["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    assert stanza["command"] == "aws" and stanza["args"][:2] == ["--region", "us-east-1"]
    assert stanza["args"][2:6] == ["eks", "get-token", "--cluster-name", cluster]
    tokens = []
    for _use in range(2):
        cred = run_exec(stanza)
        assert cred["kind"] == "ExecCredential" and cred["status"]["expirationTimestamp"]
        tokens.append(cred["status"]["token"])
        time.sleep(1.1)  # SigV4 timestamps have one-second resolution
    assert tokens[0] != tokens[1]
    for token in tokens:
        url, query = decode_token(token)
        assert url.startswith(endpoint) and query["Action"] == ["GetCallerIdentity"]
        assert "x-k8s-aws-id" in query["X-Amz-SignedHeaders"][0].split(";")
        # Whether EKS accepts it cannot be tested here: moto routes a query-signed URL without an Authorization
        # header to S3, and nothing here plays aws-iam-authenticator.


def test_role_create_rerun_change_delete(moto_server, run_playbook, unique, tmp_path):
    name = "role-" + unique
    kubeconfig = str(tmp_path / "kube" / "config")
    ev = role_vars(name, kubeconfig)
    inv = ["-i", "localhost,"]

    created = run_playbook(PLAYBOOK, *inv, extra_vars=ev)
    assert created.rc == 0, created.explain()
    assert created.changed() > 0

    eks = boto3.client("eks", region_name="us-east-1")
    ec2 = boto3.client("ec2", region_name="us-east-1")
    cluster = eks.describe_cluster(name=name)["cluster"]
    assert cluster["status"] == "ACTIVE" and cluster["tags"] == {"platform": "runtime", "env": "test"}
    vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"][0]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
    tags = [{t["Key"]: t["Value"] for t in s["Tags"]} for s in subnets]
    assert sorted(s["AvailabilityZone"] for s in subnets) == ["us-east-1a", "us-east-1a", "us-east-1b", "us-east-1b"]
    assert sum("kubernetes.io/role/elb" in t for t in tags) == 2 and sum("kubernetes.io/role/internal-elb" in t for t in tags) == 2
    assert set(cluster["resourcesVpcConfig"]["subnetIds"]) == {s["SubnetId"] for s in subnets}
    nats = ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}, {"Name": "state", "Values": ["available"]}])["NatGateways"]
    assert len(nats) == 1
    assert len(ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc["VpcId"]]}])["InternetGateways"]) == 1
    logs = boto3.client("logs", region_name="us-east-1").describe_log_groups(logGroupNamePrefix=f"/aws/eks/{name}/cluster")["logGroups"]
    assert logs[0]["retentionInDays"] == 14
    iam = boto3.client("iam", region_name="us-east-1")
    policies = [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=name + "-node")["AttachedPolicies"]]
    assert "AmazonEKSWorkerNodePolicy" in policies and "AmazonEKS_CNI_Policy" in policies
    ebs = iam.get_role(RoleName=name + "-ebs-csi")["Role"]
    assert ebs["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "pods.eks.amazonaws.com"}
    assert [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=name + "-ebs-csi")["AttachedPolicies"]] == ["AmazonEBSCSIDriverPolicy"]
    velero = iam.get_role_policy(RoleName=name + "-velero", PolicyName="velero")["PolicyDocument"]
    assert velero["Statement"][0]["Resource"] == ["arn:aws:s3:::backups-test/*"]
    assert eks.describe_nodegroup(clusterName=name, nodegroupName="general")["nodegroup"]["labels"] == {"a": "b"}
    assert stat.S_IMODE(os.stat(kubeconfig).st_mode) == 0o600
    assert_kubeconfig_mints_fresh_tokens(kubeconfig, name, moto_server)

    again = run_playbook(PLAYBOOK, *inv, extra_vars=ev)
    assert again.rc == 0, again.explain()
    assert again.changed() == 0, again.explain()

    # Tags go to the node groups too, and moto 5.2.5 cannot tag node groups; tag changes are tested on the module.
    changed_vars = role_vars(name, kubeconfig, eks_cluster_logging=["api", "audit"], eks_cluster_endpoint_private_access=False)
    predicted = run_playbook(PLAYBOOK, *inv, extra_vars=changed_vars, check=True)
    assert predicted.rc == 0, predicted.explain()
    assert eks.describe_cluster(name=name)["cluster"]["resourcesVpcConfig"]["endpointPrivateAccess"] is True
    cluster_task = predicted.task_results("Create or reconcile the EKS control plane")[0]
    assert cluster_task["changed"] and [u["op"] for u in cluster_task["updates"]] == [
        "update_cluster_config",
        "update_cluster_config",
    ]

    upgraded = run_playbook(PLAYBOOK, *inv, extra_vars=changed_vars)
    assert upgraded.rc == 0, upgraded.explain()
    cluster = eks.describe_cluster(name=name)["cluster"]
    assert cluster["resourcesVpcConfig"]["endpointPrivateAccess"] is False
    assert {"api", "audit"} <= set(cluster["logging"]["clusterLogging"][0]["types"])

    deleted = run_playbook(PLAYBOOK, *inv, extra_vars=dict(changed_vars, eks_cluster_state="absent"))
    assert deleted.rc == 0, deleted.explain()
    assert name not in eks.list_clusters()["clusters"]
    assert ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"] == []
    assert not os.path.exists(kubeconfig)
    assert not [r for r in iam.list_roles()["Roles"] if r["RoleName"].startswith(name + "-")]


def test_role_bad_input_fails_before_any_call(moto_server, run_playbook, unique, tmp_path):
    name = "bad-" + unique
    ev = role_vars(name, str(tmp_path / "k"), eks_cluster_azs=["us-east-1a"])
    result = run_playbook(PLAYBOOK, "-i", "localhost,", extra_vars=ev)
    assert result.rc != 0
    assert "at least 2 availability zones, got 1" in result.stdout
    assert boto3.client("ec2", region_name="us-east-1").describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"] == []


def test_role_check_mode_on_an_empty_account_creates_nothing(moto_server, run_playbook, unique, tmp_path):
    name = "fresh-" + unique
    ev = role_vars(name, str(tmp_path / "kube" / "config"))
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpcs_before = len(ec2.describe_vpcs()["Vpcs"])
    predicted = run_playbook(PLAYBOOK, "-i", "localhost,", extra_vars=ev, check=True)
    assert predicted.rc == 0, predicted.explain()
    assert predicted.changed() >= 1
    assert len(ec2.describe_vpcs()["Vpcs"]) == vpcs_before
    assert not ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"]
    assert "does not exist yet" in predicted.stdout
    with pytest.raises(boto3.client("eks", region_name="us-east-1").exceptions.ResourceNotFoundException):
        boto3.client("eks", region_name="us-east-1").describe_cluster(name=name)


def test_role_refuses_bad_iam_roles_before_any_call(moto_server, run_playbook, unique, tmp_path):
    name = "iam-" + unique
    teams = [
        {"name": "payments", "groups": {"edit": ["system:masters"]}, "iam_roles": {"edit": ["arn:aws:sts::111122223333:assumed-role/dev/alice"]}},
        {"name": "backend", "groups": {"view": ["backend-viewers"]}, "iam_roles": {"view": ["arn:aws:iam::111122223333:role/shared"]}},
        {"name": "search", "groups": {"view": ["search-viewers"]}, "iam_roles": {"view": ["arn:aws:iam::111122223333:role/shared"]}},
    ]
    ev = role_vars(name, str(tmp_path / "k"), eks_cluster_manage_identity=True, eks_cluster_access_teams=teams)
    result = run_playbook(PLAYBOOK, "-i", "localhost,", extra_vars=ev)
    assert result.rc != 0
    assert "groups.edit='system:masters'" in result.stdout and "assumed-role/dev/alice" in result.stdout
    assert "team/backend maps it too" in result.stdout
    assert boto3.client("ec2", region_name="us-east-1").describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [name]}])["Vpcs"] == []
