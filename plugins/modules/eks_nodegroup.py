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
  autoscaler_discovery:
    description:
      - Tag the node group's Auto Scaling groups for the Cluster Autoscaler's auto-discovery.
      - Other tags of the groups are left alone. Needs C(autoscaling:DescribeTags) and C(autoscaling:CreateOrUpdateTags).
    type: bool
    default: false
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.aws_common
  - platform.runtime.aws_common.TAGS
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

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform.runtime.plugins.module_utils import aws, runner
from ansible_collections.platform.runtime.plugins.module_utils.eks import plans, service

TAINT_SPEC = dict(
    key=dict(type="str", required=True, no_log=False),
    value=dict(type="str"),
    effect=dict(type="str", required=True, choices=list(plans.TAINT_EFFECTS)),
)
SCALING_SPEC = dict(min_size=dict(type="int"), max_size=dict(type="int"), desired_size=dict(type="int"))
ARGUMENT_SPEC = dict(
    cluster_name=dict(type="str", required=True),
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    node_role=dict(type="str"),
    subnets=dict(type="list", elements="str"),
    instance_types=dict(type="list", elements="str"),
    capacity_type=dict(type="str", choices=list(plans.CAPACITY_TYPES)),
    ami_type=dict(type="str"),
    disk_size=dict(type="int"),
    labels=dict(type="dict"),
    taints=dict(type="list", elements="dict", options=TAINT_SPEC),
    scaling=dict(type="dict", options=SCALING_SPEC),
    enforce_desired_size=dict(type="bool", default=False),
    max_unavailable=dict(type="int"),
    version=dict(type="str"),
    release_version=dict(type="str"),
    autoscaler_discovery=dict(type="bool", default=False),
    **aws.TAGS_ARG_SPEC,
    **aws.WAIT_ARG_SPEC,
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, service.run_nodegroup, connect=service.connect)


if __name__ == "__main__":
    main()
