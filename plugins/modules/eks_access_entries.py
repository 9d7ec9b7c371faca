#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: eks_access_entries
short_description: Reconcile the EKS access entries a set of owners (teams, platform administrators) hold
version_added: 0.2.0
description:
  - Maps IAM roles and users to Kubernetes groups and EKS access policies through EKS access entries, so RoleBindings
    to those groups mean something on EKS. The cluster's authentication mode must be C(API) or C(API_AND_CONFIG_MAP)
    (O(platform.runtime.eks_cluster#module:authentication_mode)).
  - Every entry carries the tag C(platform.runtime/owner). The call is authoritative for O(owners) (V(team/*) stands
    for every team) and creates missing entries, updates changed groups, access policies and tags, and deletes the
    entries of those owners that O(entries) no longer lists. Entries of other owners, and entries the platform did
    not create (such as the cluster creator's), are never changed; an input that would take one over is refused.
  - Every input is checked before the first change (IAM role or user ARNs only, no C(system:) group, one entry per
    principal, access policy ARNs); nothing is half-applied because of bad input.
author:
  - platform.runtime contributors (@platform-runtime)
attributes:
  check_mode:
    support: full
    details: Lists and describes the entries, returns the planned calls in RV(updates); nothing is changed.
  diff_mode:
    support: full
options:
  cluster_name:
    description: Name of the cluster.
    type: str
    required: true
  entries:
    description: The access entries the owners should have. V([]) with O(owners) removes all of theirs (offboarding).
    type: list
    elements: dict
    default: []
    suboptions:
      principal_arn:
        description: IAM role or user ARN, as IAM reports it (SSO permission-set roles keep their C(aws-reserved/...) path).
        type: str
        required: true
      kubernetes_groups:
        description: Kubernetes groups the principal is put in. Groups starting with C(system:) are refused.
        type: list
        elements: str
        default: []
      owner:
        description: Who holds the entry, such as V(team/payments) or V(platform-admins); must be one of O(owners).
        type: str
        required: true
      username:
        description: Kubernetes user name; EKS picks one from the ARN when omitted.
        type: str
      type:
        description: Entry type; only V(STANDARD) (people and automation, not nodes).
        type: str
        default: STANDARD
      access_policies:
        description: EKS access policies to associate, such as C(AmazonEKSClusterAdminPolicy).
        type: list
        elements: dict
        default: []
        suboptions:
          policy_arn:
            description: The access policy ARN.
            type: str
            required: true
          scope:
            description: V(cluster) or V(namespace).
            type: str
            default: cluster
            choices: [cluster, namespace]
          namespaces:
            description: Namespaces for V(scope=namespace).
            type: list
            elements: str
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.aws_common
  - platform.runtime.aws_common.OWNED
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: The payments team's SSO roles become its Kubernetes groups
  platform.runtime.eks_access_entries:
    cluster_name: platform-prod
    owners: [team/payments]
    entries:
      - principal_arn: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PaymentsDev_0123456789abcdef
        kubernetes_groups: [payments-developers]
        owner: team/payments

- name: Offboard the payments team (removes its entries)
  platform.runtime.eks_access_entries:
    cluster_name: platform-prod
    owners: [team/payments]
    entries: []
"""

RETURN = r"""
entries:
  description: The entries of the cluster after the run (predicted in check mode), by principal ARN.
  returned: always
  type: dict
  sample:
    "arn:aws:iam::111122223333:role/payments-dev":
      kubernetesGroups: [payments-developers]
      owner: team/payments
      policies: {}
      tags: {"platform.runtime/owner": team/payments}
updates:
  description: The planned API calls, in order, with their arguments. In check mode none of them was made.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform.runtime.plugins.module_utils import aws, runner
from ansible_collections.platform.runtime.plugins.module_utils.eks import service

POLICY_SPEC = dict(
    policy_arn=dict(type="str", required=True),
    scope=dict(type="str", default="cluster", choices=["cluster", "namespace"]),
    namespaces=dict(type="list", elements="str"),
)
ENTRY_SPEC = dict(
    principal_arn=dict(type="str", required=True),
    kubernetes_groups=dict(type="list", elements="str", default=[]),
    owner=dict(type="str", required=True),
    username=dict(type="str"),
    type=dict(type="str", default="STANDARD"),
    access_policies=dict(type="list", elements="dict", default=[], options=POLICY_SPEC),
)
ARGUMENT_SPEC = dict(
    cluster_name=dict(type="str", required=True),
    entries=dict(type="list", elements="dict", default=[], options=ENTRY_SPEC),
    **service.OWNED_ARG_SPEC,
    **aws.WAIT_ARG_SPEC,
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, lambda ctx: service.access_entries(ctx.client, ctx.params, ctx.check_mode, ctx.diff), connect=service.connect)


if __name__ == "__main__":
    main()
