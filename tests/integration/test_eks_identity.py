# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS identity against a real moto server: the exec kubeconfig (AWS CLI and in-process boto3 tokens)."""

import os
import stat

import boto3
import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils.eks import auth as eks_auth
from ansible_collections.platform.runtime.plugins.module_utils.eks import service
from ansible_collections.platform.runtime.tests.support.aws import OperationRecorder, decode_token, kubeconfig_exec, run_exec

pytestmark = pytest.mark.aws


@pytest.fixture
def cluster(moto_server, unique):
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.8.{i}.0/24", AvailabilityZone="us-east-1" + az)["Subnet"]["SubnetId"] for i, az in enumerate("ab")]
    name = "id-" + unique
    eks = boto3.client("eks", region_name="us-east-1")
    eks.create_cluster(name=name, roleArn="arn:aws:iam::123456789012:role/eks", resourcesVpcConfig={"subnetIds": subnets})
    yield name
    eks.delete_cluster(name=name)


def kparams(name, path, **kw):
    p = dict(cluster_name=name, path=path, context=None, role_arn=None, exec_profile=None, command="aws", wait=True, wait_timeout=60)
    p.update(kw)
    return p


def test_kubeconfig_has_no_token_and_each_use_mints_a_new_one(cluster, tmp_path, moto_server):
    api = boto3.client("eks", region_name="us-east-1")
    path = str(tmp_path / "kube" / "config")
    recorder = OperationRecorder(api)
    predicted = service.kubeconfig(api, kparams(cluster, path), "us-east-1", check_mode=True)
    assert predicted["changed"] and not os.path.exists(path) and recorder.mutating == []

    written = service.kubeconfig(api, kparams(cluster, path), "us-east-1", want_diff=True)
    assert written["changed"] and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "k8s-aws-v1." not in open(path).read() and "k8s-aws-v1." not in written["diff"]["after"]
    assert service.kubeconfig(api, kparams(cluster, path), "us-east-1")["changed"] is False
    assert service.kubeconfig(api, kparams(cluster, path), "us-east-1", check_mode=True)["changed"] is False

    described = api.describe_cluster(name=cluster)["cluster"]
    config = yaml.safe_load(open(path))
    assert config["clusters"][0]["cluster"]["server"] == described["endpoint"]
    stanza = kubeconfig_exec(path)
    # The AWS CLI (pinned in requirements-test.txt) is what kubectl would run.
    first = run_exec(stanza)["status"]["token"]
    url, query = decode_token(first)
    assert url.startswith(moto_server) and "x-k8s-aws-id" in query["X-Amz-SignedHeaders"][0]
    # In-process: the same stanza gives the same kind of token without the CLI.
    token, expiry = eks_auth.exec_token(stanza)
    assert decode_token(token)[1]["Action"] == ["GetCallerIdentity"] and expiry > 0

    with_role = service.kubeconfig(api, kparams(cluster, path, role_arn="arn:aws:iam::123456789012:role/admin"), "us-east-1")
    assert with_role["changed"] and kubeconfig_exec(path)["args"][-2:] == ["--role-arn", "arn:aws:iam::123456789012:role/admin"]
    # The CLI assumes the role through moto's STS before signing.
    assert run_exec(kubeconfig_exec(path))["status"]["token"].startswith("k8s-aws-v1.")


def test_collection_client_refreshes_the_token_with_boto3(cluster, tmp_path):
    from kubernetes import client as k8s_client

    api = boto3.client("eks", region_name="us-east-1")
    path = str(tmp_path / "config")
    service.kubeconfig(api, kparams(cluster, path), "us-east-1")
    cfg = k8s_client.Configuration()
    now = [1000.0]
    assert eks_auth.use_boto3_token(cfg, path, clock=lambda: now[0]) is True
    first = cfg.api_key["authorization"]
    assert first.startswith("Bearer k8s-aws-v1.")
    cfg.refresh_api_key_hook(cfg)
    assert cfg.api_key["authorization"] == first  # fresh enough: not minted again
    now[0] += eks_auth.REFRESH_AFTER
    import time

    time.sleep(1.1)
    cfg.refresh_api_key_hook(cfg)
    assert cfg.api_key["authorization"] != first and cfg.api_key["authorization"].startswith("Bearer k8s-aws-v1.")
    other = tmp_path / "plain"
    other.write_text(
        yaml.safe_dump({"current-context": "x", "contexts": [{"name": "x", "context": {"user": "u"}}], "users": [{"name": "u", "user": {"token": "t"}}]})
    )
    assert eks_auth.use_boto3_token(k8s_client.Configuration(), str(other)) is False
    assert eks_auth.use_boto3_token(k8s_client.Configuration(), {"apiVersion": "v1"}) is False
    assert eks_auth.use_boto3_token(k8s_client.Configuration(), str(tmp_path / "missing")) is False


def test_kubeconfig_of_a_missing_cluster_fails_and_check_mode_predicts(moto_server, tmp_path):
    api = boto3.client("eks", region_name="us-east-1")
    path = str(tmp_path / "config")
    with pytest.raises(eks_auth.KubeconfigError, match="does not exist"):
        service.kubeconfig(api, kparams("nope", path), "us-east-1")
    assert service.kubeconfig(api, kparams("nope", path), "us-east-1", check_mode=True)["changed"] is True
    assert not os.path.exists(path)


def test_kube_client_gets_a_boto3_token_without_the_aws_cli(cluster, tmp_path, monkeypatch):
    """The collection's own client does not need the CLI the kubeconfig names: with no `aws` on PATH it still
    authenticates, with a token minted by boto3 for this cluster."""
    from ansible_collections.platform.runtime.plugins.module_utils import credentials
    from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeClient

    credentials.register()
    api = boto3.client("eks", region_name="us-east-1")
    path = str(tmp_path / "config")
    service.kubeconfig(api, kparams(cluster, path), "us-east-1")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    client = KubeClient(kubeconfig=path)
    token = client.api.configuration.api_key["authorization"]
    assert token.startswith("Bearer k8s-aws-v1.")
    _url, query = decode_token(token[len("Bearer ") :])
    assert query["Action"] == ["GetCallerIdentity"] and query["X-Amz-Expires"] == ["60"]


@pytest.mark.parametrize("op", ["list_access_entries", "list_pod_identity_associations"])
def test_moto_still_lacks_the_apis_tested_with_stubber(cluster, op):
    """Why test_eks_access_stubbed.py uses Stubber: moto 5.2.5 answers these with 404. When a moto upgrade serves
    them, this fails, and the Stubber tests should move here."""
    api = boto3.client("eks", region_name="us-east-1")
    with pytest.raises(api.exceptions.ClientError) as e:
        getattr(api, op)(clusterName=cluster)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_moto_does_not_describe_access_config(moto_server, unique):
    """Why eks.authentication_mode_step does not compare a cluster described without accessConfig."""
    api = boto3.client("eks", region_name="us-east-1")
    name = "ac-" + unique
    api.create_cluster(
        name=name,
        roleArn="arn:aws:iam::123456789012:role/eks",
        resourcesVpcConfig={"subnetIds": ["subnet-1", "subnet-2"]},
        accessConfig={"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": True},
    )
    try:
        assert "accessConfig" not in api.describe_cluster(name=name)["cluster"]
    finally:
        api.delete_cluster(name=name)
