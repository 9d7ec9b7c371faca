#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: eks_addon
short_description: Create, update and delete an Amazon EKS add-on
version_added: 0.1.0
description:
  - Creates an EKS add-on such as V(vpc-cni), V(kube-proxy) or V(coredns), updates its version, configuration values,
    service account role and tags, and deletes it.
  - Configuration values are compared as parsed JSON, so formatting and key order do not cause updates.
  - A failed add-on stops the wait at once with the health issues EKS reports.
author:
  - platform.runtime contributors (@platform-runtime)
attributes:
  check_mode:
    support: full
    details: The whole plan is computed from the described add-on and returned in RV(updates); nothing is changed.
  diff_mode:
    support: full
options:
  cluster_name:
    description: Name of the cluster.
    type: str
    required: true
  name:
    description: Name of the add-on, for example V(vpc-cni).
    type: str
    required: true
  state:
    description: V(present) creates or updates the add-on; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  version:
    description: Add-on version, for example V(v1.18.3-eksbuild.1). Omit to take the default at create and leave it afterwards.
    type: str
  configuration_values:
    description: Configuration as a mapping or a JSON string. Omit to leave it alone; V({}) clears it.
    type: raw
  resolve_conflicts:
    description: What EKS does with fields changed outside EKS when it creates or updates the add-on.
    type: str
    choices: [OVERWRITE, NONE, PRESERVE]
  service_account_role_arn:
    description: IAM role for the add-on's service account (IRSA).
    type: str
  preserve:
    description: With O(state=absent), keep the add-on's Kubernetes objects in the cluster.
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
- name: The VPC CNI with prefix delegation
  platform.runtime.eks_addon:
    cluster_name: prod
    name: vpc-cni
    version: v1.18.3-eksbuild.1
    resolve_conflicts: OVERWRITE
    configuration_values:
      env:
        ENABLE_PREFIX_DELEGATION: "true"

- name: Remove CoreDNS but keep its objects
  platform.runtime.eks_addon:
    cluster_name: prod
    name: coredns
    state: absent
    preserve: true
"""

RETURN = r"""
addon:
  description: The add-on as EKS describes it after the run (camelCase keys), or the predicted one in check mode.
  returned: when O(state=present)
  type: dict
  sample:
    addonName: vpc-cni
    addonVersion: v1.18.3-eksbuild.1
    status: ACTIVE
updates:
  description: The planned API calls, in order, with their arguments. In check mode none of them was made.
  returned: always
  type: list
  elements: dict
  sample:
    - op: update_addon
      args: {clusterName: prod, addonName: vpc-cni, addonVersion: v1.18.3-eksbuild.1}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform.runtime.plugins.module_utils import aws, runner
from ansible_collections.platform.runtime.plugins.module_utils.eks import plans, service

ARGUMENT_SPEC = dict(
    cluster_name=dict(type="str", required=True),
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    version=dict(type="str"),
    configuration_values=dict(type="raw"),
    resolve_conflicts=dict(type="str", choices=list(plans.RESOLVE_CONFLICTS)),
    service_account_role_arn=dict(type="str"),
    preserve=dict(type="bool", default=False),
    **aws.TAGS_ARG_SPEC,
    **aws.WAIT_ARG_SPEC,
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, lambda ctx: service.addon(ctx.client, ctx.params, ctx.check_mode, ctx.diff), connect=service.connect)


if __name__ == "__main__":
    main()
