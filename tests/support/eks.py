"""EKS test data shared by the plan, service and stubbed tests: described resources and module parameters."""

from __future__ import annotations

CLUSTER = {
    "name": "c1",
    "arn": "arn:aws:eks:us-east-1:123456789012:cluster/c1",
    "version": "1.29",
    "roleArn": "arn:aws:iam::123456789012:role/c",
    "resourcesVpcConfig": {
        "subnetIds": ["subnet-a", "subnet-b"],
        "securityGroupIds": [],
        "endpointPublicAccess": True,
        "endpointPrivateAccess": False,
        "publicAccessCidrs": ["0.0.0.0/0"],
    },
    "logging": {
        "clusterLogging": [
            {"types": ["api"], "enabled": True},
            {"types": ["audit", "authenticator", "controllerManager", "scheduler"], "enabled": False},
        ]
    },
    "tags": {"team": "a", "aws:cloudformation:stack-name": "x"},
    "status": "ACTIVE",
}

NODEGROUP = {
    "nodegroupName": "ng",
    "nodegroupArn": "arn:aws:eks:us-east-1:123456789012:nodegroup/c1/ng/1",
    "clusterName": "c1",
    "version": "1.29",
    "scalingConfig": {"minSize": 1, "maxSize": 3, "desiredSize": 2},
    "instanceTypes": ["t3.medium"],
    "diskSize": 20,
    "subnets": ["subnet-a"],
    "nodeRole": "arn:aws:iam::123456789012:role/n",
    "labels": {"a": "1"},
    "taints": [{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}],
    "tags": {"team": "a"},
}


COMMON_PARAMS = dict(state="present", tags=None, purge_tags=True)

CLUSTER_PARAMS = dict(
    COMMON_PARAMS,
    name="c1",
    version=None,
    role_arn=None,
    subnets=None,
    security_groups=None,
    endpoint_public_access=None,
    endpoint_private_access=None,
    endpoint_public_access_cidrs=None,
    logging=None,
    encryption_key_arn=None,
    authentication_mode=None,
    bootstrap_cluster_creator_admin_permissions=None,
)

NODEGROUP_PARAMS = dict(
    COMMON_PARAMS,
    cluster_name="c1",
    name="ng",
    node_role=None,
    subnets=None,
    instance_types=None,
    capacity_type=None,
    ami_type=None,
    disk_size=None,
    labels=None,
    taints=None,
    scaling=None,
    enforce_desired_size=False,
    max_unavailable=None,
    version=None,
    release_version=None,
    autoscaler_discovery=False,
)

ADDON_PARAMS = dict(
    COMMON_PARAMS,
    cluster_name="c1",
    name="vpc-cni",
    version=None,
    configuration_values=None,
    resolve_conflicts=None,
    service_account_role_arn=None,
    preserve=False,
)


def with_defaults(defaults, kw):
    """A fresh copy of ``defaults`` with ``kw`` applied: the module parameters as the argument spec fills them in."""
    p = dict(defaults)
    p.update(kw)
    return p


def cluster_params(**kw):
    return with_defaults(CLUSTER_PARAMS, kw)


def ng_params(**kw):
    return with_defaults(NODEGROUP_PARAMS, kw)


def addon_params(**kw):
    return with_defaults(ADDON_PARAMS, kw)
