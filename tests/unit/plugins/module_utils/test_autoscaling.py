# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import autoscaling
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError

EKS = {"environment": "prod", "provider": "eks", "cluster_name": "prod-eu", "cluster_version": "1.31", "region": "eu-west-1"}


def eks(**kw):
    cfg = dict(EKS)
    cfg.update(kw)
    return cfg


def test_envtest_gets_neither_and_says_why():
    p = autoscaling.plan({"environment": "local", "provider": "envtest"})
    assert p["metrics_server"] == {"enabled": False, "reason": "the local control plane has no kubelets, so metrics-server has nothing to read"}
    assert p["cluster_autoscaler"]["enabled"] is False and "no nodes" in p["cluster_autoscaler"]["reason"]


def test_kind_gets_metrics_server_with_insecure_kubelet_tls_and_no_autoscaler():
    p = autoscaling.plan({"environment": "dev", "provider": "kind"})
    assert p["metrics_server"]["values"]["args"] == ["--kubelet-insecure-tls"]
    assert p["metrics_server"]["values"]["replicas"] == 1 and p["metrics_server"]["values"]["podDisruptionBudget"] == {"enabled": False}
    assert p["cluster_autoscaler"]["enabled"] is False


@pytest.mark.parametrize("env, replicas, unneeded", [("staging", 2, "5m"), ("prod", 2, "10m"), ("dev", 1, "5m")])
def test_presets_per_environment(env, replicas, unneeded):
    p = autoscaling.plan(eks(environment=env))
    ms = p["metrics_server"]["values"]
    assert ms["replicas"] == replicas and ms["args"] == []  # EKS kubelets serve certificates the cluster CA signs
    assert ms["podDisruptionBudget"]["enabled"] is (replicas > 1)
    assert ("topologySpreadConstraints" in ms) is (replicas > 1)
    assert p["cluster_autoscaler"]["values"]["extraArgs"]["scale-down-unneeded-time"] == unneeded


def test_autoscaler_discovers_this_clusters_groups_with_an_image_of_its_minor():
    ca = autoscaling.plan(eks())["cluster_autoscaler"]
    v = ca["values"]
    assert v["cloudProvider"] == "aws" and v["awsRegion"] == "eu-west-1" and v["autoDiscovery"] == {"clusterName": "prod-eu"}
    assert v["image"] == {"repository": "registry.k8s.io/autoscaling/cluster-autoscaler", "tag": "v1.31.0"} and ca["image_tag"] == "v1.31.0"
    assert v["rbac"]["serviceAccount"]["name"] == ca["service_account"] == "cluster-autoscaler"
    assert ca["discovery_tags"] == {"k8s.io/cluster-autoscaler/enabled": "true", "k8s.io/cluster-autoscaler/prod-eu": "owned"}
    later_patch = autoscaling.plan(eks(settings={"cluster_autoscaler": {"image_tag": "v1.31.4"}}))
    assert later_patch["cluster_autoscaler"]["values"]["image"]["tag"] == "v1.31.4"


def test_iam_policy_resizes_only_this_clusters_groups():
    policy = autoscaling.plan(eks())["cluster_autoscaler"]["iam_policy"]
    write = [
        s for s in policy["Statement"] if any(a in s["Action"] for a in ("autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"))
    ]
    assert len(write) == 1
    assert write[0]["Condition"] == {"StringEquals": {"aws:ResourceTag/k8s.io/cluster-autoscaler/prod-eu": "owned"}}
    actions = sorted(a for s in policy["Statement"] for a in s["Action"])
    assert not [a for a in actions if a.endswith("*")]
    assert "autoscaling:UpdateAutoScalingGroup" not in actions and "ec2:TerminateInstances" not in actions
    (nodegroups,) = [s for s in policy["Statement"] if s["Action"] == ["eks:DescribeNodegroup"]]
    assert nodegroups["Resource"] == "arn:aws:eks:eu-west-1:*:nodegroup/prod-eu/*"


@pytest.mark.parametrize(
    "cfg, message",
    [
        (
            eks(settings={"cluster_autoscaler": {"image_tag": "v1.35.0"}}),
            "cluster_autoscaler.image_tag='v1.35.0': expected a release of the cluster's minor version 1.31 (v1.31.x)",
        ),
        (eks(settings={"cluster_autoscaler": {"image_tag": "latest"}}), "cluster_autoscaler.image_tag='latest': expected a release tag vMAJOR.MINOR.PATCH"),
        (eks(cluster_version="1.31.2"), "cluster_version='1.31.2': expected the cluster's Kubernetes version as 1.MINOR"),
        (eks(settings={"cluster_autoscaler": {"expander": "cheapest"}}), "cluster_autoscaler.expander='cheapest': expected one of least-waste"),
        (eks(settings={"cluster_autoscaler": {"scale_down_unneeded_time": "10"}}), "cluster_autoscaler.scale_down_unneeded_time='10': expected a duration"),
        (eks(settings={"metrics_server": {"replicas": 0}}), "metrics_server.replicas=0: expected an integer from 1 to 5"),
        (eks(region=""), "region='': expected the cluster's AWS region"),
        (eks(cluster_name="Prod_EU"), "cluster_name='Prod_EU': expected the EKS cluster's name"),
        ({"environment": "dev", "provider": "gke"}, "provider='gke': expected one of envtest, kind, eks"),
        ({"environment": "", "provider": "kind"}, "environment='': expected the environment name"),
    ],
)
def test_bad_input_is_refused_naming_field_value_and_expectation(cfg, message):
    with pytest.raises(ValidationError) as e:
        autoscaling.plan(cfg)
    assert message in str(e.value)


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as e:
        autoscaling.plan(eks(region="", settings={"cluster_autoscaler": {"image_tag": "v1.30.1", "replicas": 9}}))
    text = str(e.value)
    assert "region=''" in text and "image_tag='v1.30.1'" in text and "replicas=9" in text


def test_cluster_version_as_a_yaml_float():
    assert autoscaling.plan(eks(cluster_version=1.31))["cluster_autoscaler"]["image_tag"] == "v1.31.0"


def test_asg_tag_plan_writes_only_missing_or_wrong_discovery_tags():
    groups = ["eks-general-1", "eks-spot-2"]
    assert [(t["ResourceId"], t["Key"], t["Value"]) for t in autoscaling.asg_tag_plan("prod", groups, [])] == [
        ("eks-general-1", "k8s.io/cluster-autoscaler/enabled", "true"),
        ("eks-general-1", "k8s.io/cluster-autoscaler/prod", "owned"),
        ("eks-spot-2", "k8s.io/cluster-autoscaler/enabled", "true"),
        ("eks-spot-2", "k8s.io/cluster-autoscaler/prod", "owned"),
    ]
    current = [{"ResourceId": g, "Key": k, "Value": v} for g in groups for k, v in autoscaling.discovery_tags("prod").items()]
    current.append({"ResourceId": "eks-general-1", "Key": "team", "Value": "platform"})
    assert autoscaling.asg_tag_plan("prod", groups, current) == []
    current[1] = dict(current[1], Value="shared")
    (fix,) = autoscaling.asg_tag_plan("prod", groups, current)
    assert fix == {
        "ResourceId": "eks-general-1",
        "ResourceType": "auto-scaling-group",
        "Key": "k8s.io/cluster-autoscaler/prod",
        "Value": "owned",
        "PropagateAtLaunch": False,
    }
