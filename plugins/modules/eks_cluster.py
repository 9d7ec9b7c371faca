#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: eks_cluster
short_description: Create, reconcile and delete an Amazon EKS cluster
version_added: 0.1.0
description:
  - Creates an EKS control plane, or brings a running one to the requested state in place.
  - Upgrades the Kubernetes version one minor version at a time, waiting for each step.
  - Changes control plane logging, endpoint access (public, private, public CIDRs) and tags (add, change, purge).
  - Moves the authentication mode forward (to access entries) and never back.
  - Adds secrets encryption to a cluster that has none. Fails, before any call, on what EKS cannot change in place
    (subnets, security groups, the cluster role, an encryption key once set).
  - Every input is validated before the first API call. After applying, the cluster is described again and returned.
author:
  - platform.runtime contributors (@platform-runtime)
attributes:
  check_mode:
    support: full
    details: The whole plan is computed from the described cluster and returned in RV(updates); nothing is changed.
  diff_mode:
    support: full
options:
  name:
    description: Name of the cluster.
    type: str
    required: true
  state:
    description: V(present) creates or reconciles the cluster; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  version:
    description:
      - Kubernetes version, V(MAJOR.MINOR). Omit to take the EKS default at create and leave it alone afterwards.
      - A newer version than the running one is reached one minor version at a time. Downgrades fail.
    type: str
  role_arn:
    description: ARN of the IAM role the control plane uses. Required to create the cluster.
    type: str
  subnets:
    description: Subnet IDs, in at least two availability zones. Required to create the cluster; cannot change afterwards.
    type: list
    elements: str
  security_groups:
    description: Extra security group IDs for the control plane network interfaces. Cannot change afterwards.
    type: list
    elements: str
  endpoint_public_access:
    description: Whether the API server has a public endpoint. Omit to leave it as it is (EKS default V(true)).
    type: bool
  endpoint_private_access:
    description: Whether the API server is reachable from inside the VPC. Omit to leave it as it is (EKS default V(false)).
    type: bool
  endpoint_public_access_cidrs:
    description: CIDR blocks allowed to reach the public endpoint. Omit to leave them as they are.
    type: list
    elements: str
  logging:
    description:
      - Control plane log types to send to CloudWatch; the others are turned off. V([]) turns all of them off.
      - Omit to leave logging as it is.
    type: list
    elements: str
    choices: [api, audit, authenticator, controllerManager, scheduler]
  encryption_key_arn:
    description: KMS key ARN for envelope encryption of Kubernetes secrets. Can be added later, never changed or removed.
    type: str
  authentication_mode:
    description:
      - How IAM principals authenticate to Kubernetes. V(API) uses EKS access entries only
        (M(platform.runtime.eks_access_entries)); V(API_AND_CONFIG_MAP) also reads the C(aws-auth) ConfigMap.
      - Reconciled in one direction only (V(CONFIG_MAP) -> V(API_AND_CONFIG_MAP) -> V(API)), because EKS refuses to go
        back; asking for an earlier mode fails before any call. Omit to leave it as it is.
    type: str
    choices: [API, API_AND_CONFIG_MAP, CONFIG_MAP]
  bootstrap_cluster_creator_admin_permissions:
    description:
      - At create only, whether the identity that creates the cluster gets a cluster-admin access entry. EKS cannot
        change it afterwards, so it is not compared on an existing cluster.
    type: bool
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.aws_common
  - platform.runtime.aws_common.TAGS
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Create or reconcile a production cluster
  platform.runtime.eks_cluster:
    name: prod
    version: "1.35"
    role_arn: arn:aws:iam::123456789012:role/prod-eks-cluster
    subnets: [subnet-0a1, subnet-0b2, subnet-0c3]
    endpoint_public_access: true
    endpoint_private_access: true
    endpoint_public_access_cidrs: [203.0.113.0/24]
    logging: [api, audit, authenticator]
    encryption_key_arn: arn:aws:kms:eu-west-1:123456789012:key/1111-2222
    tags:
      environment: prod

- name: Upgrade from 1.29 to 1.31 (goes through 1.30)
  platform.runtime.eks_cluster:
    name: prod
    version: "1.35"

- name: Delete the cluster (node groups and add-ons must be gone first)
  platform.runtime.eks_cluster:
    name: prod
    state: absent
"""

RETURN = r"""
cluster:
  description: The cluster as EKS describes it after the run (camelCase keys), or the predicted cluster in check mode.
  returned: when O(state=present)
  type: dict
  sample:
    name: prod
    version: "1.35"
    status: ACTIVE
    endpoint: https://ABCD.gr7.eu-west-1.eks.amazonaws.com
    resourcesVpcConfig:
      endpointPublicAccess: true
      endpointPrivateAccess: true
updates:
  description: The planned API calls, in order, with their arguments. In check mode none of them was made.
  returned: always
  type: list
  elements: dict
  sample:
    - op: update_cluster_version
      args: {name: prod, version: "1.30"}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform.runtime.plugins.module_utils import aws, runner
from ansible_collections.platform.runtime.plugins.module_utils.eks import plans, service

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    version=dict(type="str"),
    role_arn=dict(type="str"),
    subnets=dict(type="list", elements="str"),
    security_groups=dict(type="list", elements="str"),
    endpoint_public_access=dict(type="bool"),
    endpoint_private_access=dict(type="bool"),
    endpoint_public_access_cidrs=dict(type="list", elements="str"),
    logging=dict(type="list", elements="str", choices=list(plans.LOG_TYPES)),
    encryption_key_arn=dict(type="str", no_log=False),
    authentication_mode=dict(type="str", choices=list(plans.AUTHENTICATION_MODES)),
    bootstrap_cluster_creator_admin_permissions=dict(type="bool"),
    **aws.TAGS_ARG_SPEC,
    **aws.WAIT_ARG_SPEC,
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, lambda ctx: service.cluster(ctx.client, ctx.params, ctx.check_mode, ctx.diff), connect=service.connect)


if __name__ == "__main__":
    main()
