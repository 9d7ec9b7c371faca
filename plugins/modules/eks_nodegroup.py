#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: eks_nodegroup
short_description: Create, reconcile and delete an Amazon EKS managed node group
version_added: 0.1.0
description:
  - Creates a managed node group, or brings a running one to the requested state in place.
  - Updates scaling, labels and taints (compared by value), the update configuration, tags and the Kubernetes version.
  - O(scaling.desired_size) is used when the node group is created and ignored afterwards unless O(enforce_desired_size=true),
    so the module does not fight a cluster autoscaler. When O(scaling) is omitted, scaling is never changed.
  - Fails, before any call, on what EKS cannot change in place (instance types, capacity type, AMI type, disk size,
    node role, subnets).
  - With O(autoscaler_discovery=true), puts the Cluster Autoscaler's auto-discovery tags
    (C(k8s.io/cluster-autoscaler/enabled=true), C(k8s.io/cluster-autoscaler/<cluster>=owned)) on the node group's Auto
    Scaling groups, not propagated to the instances. Their size is never touched.
author:
  - platform.runtime contributors (@platform-runtime)
attributes:
  check_mode:
    support: full
    details: The whole plan is computed from the described node group and returned in RV(updates); nothing is changed.
  diff_mode:
    support: full
options:
  cluster_name:
    description: Name of the cluster.
    type: str
    required: true
  name:
    description: Name of the node group.
    type: str
    required: true
  state:
    description: V(present) creates or reconciles the node group; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  node_role:
    description: ARN of the IAM role of the nodes. Required to create the node group.
    type: str
  subnets:
    description: Subnet IDs for the nodes. Required to create the node group.
    type: list
    elements: str
  instance_types:
    description: EC2 instance types, such as V(t3.medium).
    type: list
    elements: str
  capacity_type:
    description: On-demand, spot or capacity-block capacity.
    type: str
    choices: [ON_DEMAND, SPOT, CAPACITY_BLOCK]
  ami_type:
    description: AMI type, such as V(AL2023_x86_64_STANDARD) or V(BOTTLEROCKET_ARM_64).
    type: str
  disk_size:
    description: Root volume size in GiB.
    type: int
  labels:
    description: Kubernetes labels of the nodes. The labels not listed are removed. Omit to leave labels alone.
    type: dict
  taints:
    description: Kubernetes taints of the nodes, matched by key and effect. The others are removed. Omit to leave them alone.
    type: list
    elements: dict
    suboptions:
      key:
        description: Taint key.
        type: str
        required: true
      value:
        description: Taint value.
        type: str
      effect:
        description: Taint effect.
        type: str
        required: true
        choices: [NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE]
  scaling:
    description: Size of the node group. Omit to leave it as it is.
    type: dict
    suboptions:
      min_size:
        description: Minimum number of nodes.
        type: int
      max_size:
        description: Maximum number of nodes.
        type: int
      desired_size:
        description:
          - Number of nodes at create. Later only with O(enforce_desired_size=true).
          - When a new O(scaling.min_size) or O(scaling.max_size) excludes the running desired size, it is moved into the range.
        type: int
  enforce_desired_size:
    description: Also set the desired size on an existing node group.
    type: bool
    default: false
  max_unavailable:
    description: Nodes that may be unavailable during an update.
    type: int
  version:
    description: Kubernetes version of the nodes, V(MAJOR.MINOR). Omit to follow the cluster at create and leave it afterwards.
    type: str
  release_version:
    description: AMI release version to use with O(version).
    type: str
  tags:
    description: Tags of the node group. Omit to leave tags alone.
    type: dict
  purge_tags:
    description: Remove tags that are not in O(tags). Tags starting with C(aws:) are never removed.
    type: bool
    default: true
  autoscaler_discovery:
    description:
      - Tag the node group's Auto Scaling groups for the Cluster Autoscaler's auto-discovery.
      - Other tags of the groups are left alone. Needs C(autoscaling:DescribeTags) and C(autoscaling:CreateOrUpdateTags).
    type: bool
    default: false
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.aws_common
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: A general-purpose node group that a cluster autoscaler resizes
  platform.runtime.eks_nodegroup:
    cluster_name: prod
    name: general
    node_role: arn:aws:iam::123456789012:role/prod-eks-node
    subnets: [subnet-0a1, subnet-0b2, subnet-0c3]
    instance_types: [m6i.large]
    capacity_type: ON_DEMAND
    disk_size: 50
    labels:
      workload: general
    taints:
      - key: dedicated
        value: general
        effect: NO_SCHEDULE
    scaling:
      min_size: 3
      max_size: 9
      desired_size: 3

- name: Force the node group to five nodes now
  platform.runtime.eks_nodegroup:
    cluster_name: prod
    name: general
    scaling:
      desired_size: 5
    enforce_desired_size: true
"""

RETURN = r"""
nodegroup:
  description: The node group as EKS describes it after the run (camelCase keys), or the predicted one in check mode.
  returned: when O(state=present)
  type: dict
  sample:
    nodegroupName: general
    status: ACTIVE
    scalingConfig: {minSize: 3, maxSize: 9, desiredSize: 4}
autoscaling_groups:
  description: The node group's Auto Scaling groups that carry the Cluster Autoscaler's discovery tags.
  returned: when O(autoscaler_discovery=true) and O(state=present)
  type: list
  elements: str
  sample: [eks-general-a4c6b0c2-1d2e-3f40-5a6b-7c8d9e0f1a2b]
updates:
  description: The planned API calls, in order, with their arguments. In check mode none of them was made.
  returned: always
  type: list
  elements: dict
  sample:
    - op: update_nodegroup_config
      args: {clusterName: prod, nodegroupName: general, labels: {addOrUpdateLabels: {workload: general}}}
"""

import functools
import time

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform.runtime.plugins.module_utils import autoscaling, aws, eks, eks_module


def _resource(params):
    return f"node group {params['cluster_name']}/{params['name']}"


def get_nodegroup(api, params):
    return aws.describe(
        api,
        "describe_nodegroup",
        "nodegroup",
        _resource(params),
        clusterName=params["cluster_name"],
        nodegroupName=params["name"],
    )


def _ids(params):
    return {"clusterName": params["cluster_name"], "nodegroupName": params["name"]}


def ensure_present(api, params, current, check_mode, sleep=time.sleep, clock=time.monotonic):
    """Return ``(changed, predicted, steps)``; in check mode no call is made."""
    if current is None:
        missing = [k for k in ("node_role", "subnets") if not params.get(k)]
        if missing:
            raise ValueError(f"{_resource(params)} does not exist; to create it set {' and '.join(missing)}")
    steps, predicted = eks.plan_nodegroup(params, current)
    if check_mode or not steps:
        return bool(steps), predicted, steps
    ids = {"name": params["cluster_name"], "nodegroupName": params["name"]}
    aws.apply_plan(
        api,
        steps,
        _resource(params),
        params["wait"],
        params["wait_timeout"],
        ids,
        sleep=sleep,
        clock=clock,
        waiter_args=_ids(params),
    )
    return True, get_nodegroup(api, params), steps


def ensure_absent(api, params, current, check_mode):
    if current is None:
        return False, None, []
    steps = [eks.step("delete_nodegroup", _ids(params), wait="nodegroup_deleted")]
    if not check_mode:
        aws.apply_plan(api, steps, _resource(params), params["wait"], params["wait_timeout"], {}, waiter_args=_ids(params))
    return True, None, steps


def ensure_autoscaler_tags(asg_api, params, nodegroup, check_mode):
    """Put the Cluster Autoscaler's discovery tags on the node group's Auto Scaling groups.

    Returns ``(changed, steps, groups)``. Only the two discovery tags are compared and written; the group's size and
    its other tags are left alone, so a re-run after the autoscaler resized the group changes nothing.
    """
    groups = [g["name"] for g in ((nodegroup or {}).get("resources") or {}).get("autoScalingGroups") or [] if g.get("name")]
    if not groups:
        return False, [], []
    resource = f"{_resource(params)} Auto Scaling groups {', '.join(groups)}"
    current = aws.call(asg_api, "describe_tags", resource, Filters=[{"Name": "auto-scaling-group", "Values": groups}]).get("Tags", [])
    tags = autoscaling.asg_tag_plan(params["cluster_name"], groups, current)
    if not tags:
        return False, [], groups
    if not check_mode:
        aws.call(asg_api, "create_or_update_tags", resource, Tags=tags)
    return True, [eks.step("create_or_update_tags", {"Tags": tags})], groups


def run(api, params, check_mode=False, want_diff=False, sleep=time.sleep, clock=time.monotonic, asg_api=None):
    """Reconcile one node group; returns the module result. Raises ValueError, eks.PlanError or aws.AWSError.

    With ``asg_api`` (an Auto Scaling client) and ``autoscaler_discovery``, also tags its Auto Scaling groups.
    """
    result = _reconcile(api, params, check_mode, want_diff, sleep, clock)
    if asg_api is not None and params.get("autoscaler_discovery") and params["state"] == "present":
        changed, steps, groups = ensure_autoscaler_tags(asg_api, params, result.get("nodegroup"), check_mode)
        result["changed"] = result["changed"] or changed
        result["updates"] += [{"op": s["op"], "args": s["args"]} for s in steps]
        result["autoscaling_groups"] = groups
    return result


def _reconcile(api, params, check_mode, want_diff, sleep, clock):
    return eks_module.reconcile(
        api,
        params,
        validate=eks.validate_nodegroup,
        describe=get_nodegroup,
        ensure_present=ensure_present,
        ensure_absent=ensure_absent,
        result_key="nodegroup",
        check_mode=check_mode,
        want_diff=want_diff,
        sleep=sleep,
        clock=clock,
    )


TAINT_SPEC = dict(
    key=dict(type="str", required=True, no_log=False),
    value=dict(type="str"),
    effect=dict(type="str", required=True, choices=list(eks.TAINT_EFFECTS)),
)
SCALING_SPEC = dict(min_size=dict(type="int"), max_size=dict(type="int"), desired_size=dict(type="int"))


def main():
    argument_spec = dict(
        cluster_name=dict(type="str", required=True),
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        node_role=dict(type="str"),
        subnets=dict(type="list", elements="str"),
        instance_types=dict(type="list", elements="str"),
        capacity_type=dict(type="str", choices=list(eks.CAPACITY_TYPES)),
        ami_type=dict(type="str"),
        disk_size=dict(type="int"),
        labels=dict(type="dict"),
        taints=dict(type="list", elements="dict", options=TAINT_SPEC),
        scaling=dict(type="dict", options=SCALING_SPEC),
        enforce_desired_size=dict(type="bool", default=False),
        max_unavailable=dict(type="int"),
        version=dict(type="str"),
        release_version=dict(type="str"),
        tags=dict(type="dict"),
        purge_tags=dict(type="bool", default=True),
        autoscaler_discovery=dict(type="bool", default=False),
    )
    argument_spec.update(aws.WAIT_ARG_SPEC)
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    asg_api = module.client("autoscaling") if module.params["autoscaler_discovery"] else None
    eks_module.run_module(module, functools.partial(run, asg_api=asg_api))


if __name__ == "__main__":
    main()
