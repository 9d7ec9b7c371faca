# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Autoscaling as data: metrics-server and the Cluster Autoscaler per environment and provider (no I/O).

``plan(config)`` validates everything first and raises ``ValidationError`` listing every problem before anything is
applied. metrics-server goes on every cluster with kubelets (kind, EKS), not on the local control plane (envtest has
no kubelets to read). The Cluster Autoscaler goes on EKS only: it finds the managed node groups' Auto Scaling groups
by the discovery tags ``eks_nodegroup`` sets (``asg_tag_plan``) and reaches AWS through EKS Pod Identity with the
least-privilege policy of its AWS documentation (``iam_policy``). Its image's minor version must be the cluster's.
"""

from __future__ import annotations

import re

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.helm_values import deep_merge
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, is_dns1123_label

METRICS_SERVER_CHART_VERSION = "3.13.1"
CLUSTER_AUTOSCALER_CHART_VERSION = "9.59.0"
CLUSTER_AUTOSCALER_IMAGE = "registry.k8s.io/autoscaling/cluster-autoscaler"
PROVIDERS = ("envtest", "kind", "eks")
EXPANDERS = ("least-waste", "most-pods", "random", "priority", "price")
# The auto-discovery tags (the chart's autoDiscovery.tags default) and the values EKS gives them on managed node groups.
DISCOVERY_ENABLED_TAG = "k8s.io/cluster-autoscaler/enabled"
DISCOVERY_CLUSTER_TAG = "k8s.io/cluster-autoscaler/{cluster}"

# Per environment: one metrics-server outside staging and prod, two with a PodDisruptionBudget there; the autoscaler
# removes unneeded nodes sooner outside prod.
PRESETS = {
    "prod": {"metrics_server": {"replicas": 2}, "cluster_autoscaler": {"scale_down_unneeded_time": "10m", "replicas": 1}},
    "staging": {"metrics_server": {"replicas": 2}, "cluster_autoscaler": {"scale_down_unneeded_time": "5m", "replicas": 1}},
    "default": {"metrics_server": {"replicas": 1}, "cluster_autoscaler": {"scale_down_unneeded_time": "5m", "replicas": 1}},
}

DEFAULTS = {
    "namespace": "kube-system",
    "metrics_server": {
        "release_name": "metrics-server",
        "chart_version": METRICS_SERVER_CHART_VERSION,
        "replicas": 1,
        # kind's kubelets serve self-signed certificates; EKS kubelets serve certificates the cluster CA signs.
        "kubelet_insecure_tls": None,
        "resources": {"requests": {"cpu": "100m", "memory": "200Mi"}},
    },
    "cluster_autoscaler": {
        "release_name": "cluster-autoscaler",
        "chart_version": CLUSTER_AUTOSCALER_CHART_VERSION,
        "service_account": "cluster-autoscaler",
        "image_tag": "",
        "replicas": 1,
        "expander": "least-waste",
        "scale_down_unneeded_time": "5m",
        "balance_similar_node_groups": True,
        "skip_nodes_with_local_storage": False,
        "resources": {"requests": {"cpu": "100m", "memory": "300Mi"}, "limits": {"memory": "600Mi"}},
    },
}

_MINOR_RE = re.compile(r"^1\.(\d+)$")
_TAG_RE = re.compile(r"^v1\.(\d+)\.(\d+)$")


def settings_for(environment, overrides=None):
    preset = PRESETS.get(environment, PRESETS["default"])
    return deep_merge(deep_merge(DEFAULTS, preset), overrides or {})


def cluster_minor(version):
    """The minor of ``1.MINOR`` (as a string or a float YAML made of it), or None."""
    m = _MINOR_RE.match(str(version or "").strip())
    return int(m.group(1)) if m else None


def default_image_tag(cluster_version):
    """The first patch release of the autoscaler for the cluster's minor: ``1.31`` -> ``v1.31.0``."""
    minor = cluster_minor(cluster_version)
    return f"v1.{minor}.0" if minor is not None else ""


def validate(config, settings):
    errs = Errors(prefix="autoscaling: ")
    provider, cluster = config.get("provider"), config.get("cluster_name")
    errs.require(provider in PROVIDERS, "provider", provider, f"one of {', '.join(PROVIDERS)} (platform_cluster_provider)")
    errs.dns1123_label("namespace", settings.get("namespace"))
    ms, ca = settings.get("metrics_server") or {}, settings.get("cluster_autoscaler") or {}
    errs.require(isinstance(ms.get("replicas"), int) and 1 <= ms["replicas"] <= 5, "metrics_server.replicas", ms.get("replicas"), "an integer from 1 to 5")
    if ms.get("kubelet_insecure_tls") is not None:
        errs.require(isinstance(ms["kubelet_insecure_tls"], bool), "metrics_server.kubelet_insecure_tls", ms["kubelet_insecure_tls"], "true, false or null")
    if provider != "eks":
        return errs
    errs.require(isinstance(cluster, str) and is_dns1123_label(cluster, 100), "cluster_name", cluster, "the EKS cluster's name (eks_cluster_name)")
    errs.require(isinstance(config.get("region"), str) and bool(config.get("region")), "region", config.get("region"), "the cluster's AWS region")
    minor = cluster_minor(config.get("cluster_version"))
    if not errs.require(minor is not None, "cluster_version", config.get("cluster_version"), "the cluster's Kubernetes version as 1.MINOR, such as 1.31"):
        return errs
    tag = ca.get("image_tag") or default_image_tag(config.get("cluster_version"))
    m = _TAG_RE.match(str(tag))
    if errs.require(m is not None, "cluster_autoscaler.image_tag", tag, "a release tag vMAJOR.MINOR.PATCH such as v1.31.0"):
        errs.require(
            int(m.group(1)) == minor,
            "cluster_autoscaler.image_tag",
            tag,
            f"a release of the cluster's minor version 1.{minor} (v1.{minor}.x): the autoscaler supports only the Kubernetes minor it is built for",
        )
    errs.require(ca.get("expander") in EXPANDERS, "cluster_autoscaler.expander", ca.get("expander"), f"one of {', '.join(EXPANDERS)}")
    errs.duration("cluster_autoscaler.scale_down_unneeded_time", ca.get("scale_down_unneeded_time"), units=("s", "m", "h"))
    errs.require(isinstance(ca.get("replicas"), int) and 1 <= ca["replicas"] <= 3, "cluster_autoscaler.replicas", ca.get("replicas"), "an integer from 1 to 3")
    errs.dns1123_label("cluster_autoscaler.service_account", ca.get("service_account"))
    return errs


def metrics_server_values(settings, provider):
    ms = settings["metrics_server"]
    insecure = ms["kubelet_insecure_tls"] if ms["kubelet_insecure_tls"] is not None else provider == "kind"
    values = {
        "replicas": ms["replicas"],
        "args": ["--kubelet-insecure-tls"] if insecure else [],
        "resources": ms["resources"],
        "podDisruptionBudget": {"enabled": ms["replicas"] > 1, "minAvailable": 1} if ms["replicas"] > 1 else {"enabled": False},
        "podLabels": {"app.kubernetes.io/part-of": "platform.runtime"},
    }
    if ms["replicas"] > 1:
        values["topologySpreadConstraints"] = [
            {
                "maxSkew": 1,
                "topologyKey": "kubernetes.io/hostname",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": {"app.kubernetes.io/name": "metrics-server"}},
            }
        ]
    return values


def cluster_autoscaler_values(settings, cluster, region, image_tag):
    ca = settings["cluster_autoscaler"]
    return {
        "cloudProvider": "aws",
        "awsRegion": region,
        "autoDiscovery": {"clusterName": cluster},
        "image": {"repository": CLUSTER_AUTOSCALER_IMAGE, "tag": image_tag},
        "replicaCount": ca["replicas"],
        "rbac": {"serviceAccount": {"create": True, "name": ca["service_account"]}},
        "extraArgs": {
            "expander": ca["expander"],
            "balance-similar-node-groups": ca["balance_similar_node_groups"],
            "skip-nodes-with-local-storage": ca["skip_nodes_with_local_storage"],
            "scale-down-unneeded-time": ca["scale_down_unneeded_time"],
        },
        "resources": ca["resources"],
    }


def discovery_tags(cluster):
    """The tags the autoscaler's auto-discovery matches, with the values EKS puts on managed node groups."""
    return {DISCOVERY_ENABLED_TAG: "true", DISCOVERY_CLUSTER_TAG.format(cluster=cluster): "owned"}


def iam_policy(cluster, region, partition="aws"):
    """The least-privilege policy of the autoscaler's AWS documentation, narrowed to this cluster.

    Changing a group's size is allowed only on groups tagged ``k8s.io/cluster-autoscaler/<cluster>=owned``; the
    read calls take no resource-level permissions (``*``) except eks:DescribeNodegroup, scoped to the cluster.
    """
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ResizeThisClustersGroups",
                "Effect": "Allow",
                "Action": ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                "Resource": "*",
                "Condition": {"StringEquals": {f"aws:ResourceTag/{DISCOVERY_CLUSTER_TAG.format(cluster=cluster)}": "owned"}},
            },
            {
                "Sid": "Discover",
                "Effect": "Allow",
                "Action": [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                ],
                "Resource": "*",
            },
            {
                "Sid": "DescribeThisClustersNodegroups",
                "Effect": "Allow",
                "Action": ["eks:DescribeNodegroup"],
                "Resource": f"arn:{partition}:eks:{region}:*:nodegroup/{cluster}/*",
            },
        ],
    }


def asg_tag_plan(cluster, group_names, current_tags):
    """The ``create_or_update_tags`` ``Tags`` that put the discovery tags on each group; [] when they are there.

    ``current_tags``: describe_tags ``Tags`` (ResourceId, Key, Value). Tags are not propagated to instances.
    """
    have = {(t["ResourceId"], t["Key"]): t.get("Value") for t in current_tags or []}
    out = []
    for group in group_names:
        for key, value in discovery_tags(cluster).items():
            if have.get((group, key)) != value:
                out.append({"ResourceId": group, "ResourceType": "auto-scaling-group", "Key": key, "Value": value, "PropagateAtLaunch": False})
    return out


def plan(config):
    """Validate and build what the autoscaling role applies.

    ``config``: environment, provider (envtest, kind, eks), cluster_name, cluster_version and region (EKS), settings.
    """
    environment = config.get("environment")
    if not isinstance(environment, str) or not environment:
        raise ValidationError([f"autoscaling: environment={environment!r}: expected the environment name (platform_environment)"])
    settings = settings_for(environment, config.get("settings"))
    errs = validate(config, settings)
    errs.raise_if_any()
    provider = config["provider"]
    out = {"settings": settings, "provider": provider}
    if provider == "envtest":
        out["metrics_server"] = {"enabled": False, "reason": "the local control plane has no kubelets, so metrics-server has nothing to read"}
    else:
        out["metrics_server"] = {"enabled": True, "values": metrics_server_values(settings, provider)}
    if provider != "eks":
        reason = "node groups are EKS's: kind's nodes are containers of a fixed count" if provider == "kind" else "the local control plane has no nodes"
        out["cluster_autoscaler"] = {"enabled": False, "reason": reason}
        return out
    cluster, region = config["cluster_name"], config["region"]
    tag = settings["cluster_autoscaler"]["image_tag"] or default_image_tag(config["cluster_version"])
    out["cluster_autoscaler"] = {
        "enabled": True,
        "image_tag": tag,
        "service_account": settings["cluster_autoscaler"]["service_account"],
        "values": cluster_autoscaler_values(settings, cluster, region, tag),
        # extraArgs is a map of command-line flags: the chart's values.yaml lists only a few of them.
        "values_free_form": ["extraArgs"],
        "iam_policy": iam_policy(cluster, region, config.get("partition") or "aws"),
        "discovery_tags": discovery_tags(cluster),
    }
    return out
