# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The exec kubeconfig, built and recognised without AWS."""

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.eks import auth as eks_auth

CLUSTER = {"name": "prod", "endpoint": "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "certificateAuthority": {"data": "Q0E="}, "status": "ACTIVE"}


def test_kubeconfig_is_what_update_kubeconfig_writes_without_a_token():
    config = eks_auth.kubeconfig(CLUSTER, "eu-west-1", role_arn="arn:aws:iam::1:role/admin", profile="ops")
    user = config["users"][0]["user"]
    assert set(user) == {"exec"} and config["current-context"] == "prod"
    assert user["exec"] == {
        "apiVersion": "client.authentication.k8s.io/v1beta1",
        "command": "aws",
        "args": ["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "prod", "--output", "json", "--role-arn", "arn:aws:iam::1:role/admin"],
        "env": [{"name": "AWS_PROFILE", "value": "ops"}],
    }
    assert config["clusters"][0]["cluster"] == {"server": CLUSTER["endpoint"], "certificate-authority-data": "Q0E="}


@pytest.mark.parametrize(
    "cluster, region, fragment", [(dict(CLUSTER, endpoint=None, status="CREATING"), "eu-west-1", "no API endpoint yet"), (CLUSTER, None, "region is required")]
)
def test_kubeconfig_refuses_what_cannot_work(cluster, region, fragment):
    with pytest.raises(eks_auth.KubeconfigError, match=fragment):
        eks_auth.kubeconfig(cluster, region)


@pytest.mark.parametrize(
    "stanza, expected",
    [
        (eks_auth.exec_stanza("prod", "eu-west-1"), {"cluster_name": "prod", "region": "eu-west-1", "role_arn": None, "profile": None}),
        (
            {"command": "/usr/local/bin/aws", "args": ["eks", "get-token", "--cluster-name", "c", "--region", "us-east-1", "--profile", "p"]},
            {"cluster_name": "c", "region": "us-east-1", "role_arn": None, "profile": "p"},
        ),
        (
            eks_auth.exec_stanza("c", "us-east-1", role_arn="arn:aws:iam::1:role/r", profile="x"),
            {"cluster_name": "c", "region": "us-east-1", "role_arn": "arn:aws:iam::1:role/r", "profile": "x"},
        ),
        ({"command": "aws-iam-authenticator", "args": ["token", "-i", "c"]}, None),
        ({"command": "aws", "args": ["sts", "get-caller-identity"]}, None),
        ({"command": "aws", "args": ["eks", "get-token"]}, None),
        (None, None),
    ],
)
def test_parse_exec_recognises_only_aws_eks_get_token(stanza, expected):
    assert eks_auth.parse_exec(stanza) == expected
