#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: eks_pod_identity
short_description: Reconcile the EKS Pod Identity associations a set of owners hold
version_added: 0.2.0
description:
  - Associates Kubernetes service accounts with IAM roles through EKS Pod Identity, so pods get AWS credentials
    without static keys. The cluster needs the C(eks-pod-identity-agent) add-on, and each role must trust
    C(pods.eks.amazonaws.com) (C(sts:AssumeRole) and C(sts:TagSession)).
  - Associations carry the tag C(platform.runtime/owner). The call is authoritative for O(owners) and creates missing
    associations, changes the role of existing ones, fixes tags and deletes the associations of those owners that
    O(associations) no longer lists. Associations of other owners or made outside the platform are never touched,
    and taking one over is refused before any change.
author:
  - platform.runtime contributors (@platform-runtime)
attributes:
  check_mode:
    support: full
    details: Lists and describes the associations and returns the planned calls in RV(updates); nothing is changed.
  diff_mode:
    support: full
options:
  cluster_name:
    description: Name of the cluster.
    type: str
    required: true
  associations:
    description: The associations the owners should have, one per service account.
    type: list
    elements: dict
    default: []
    suboptions:
      namespace:
        description: Namespace of the service account.
        type: str
        required: true
      service_account:
        description: Name of the service account.
        type: str
        required: true
      role_arn:
        description: IAM role the pods of that service account get.
        type: str
        required: true
      owner:
        description: Who holds the association, such as V(platform/ebs-csi) or V(platform/velero).
        type: str
        required: true
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.aws_common
  - platform.runtime.aws_common.OWNED
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Velero reaches its bucket through Pod Identity
  platform.runtime.eks_pod_identity:
    cluster_name: platform-prod
    associations:
      - namespace: velero
        service_account: velero
        role_arn: arn:aws:iam::111122223333:role/platform-prod-velero
        owner: platform/velero
"""

RETURN = r"""
associations:
  description: The associations after the run (predicted in check mode), by C(namespace/service_account).
  returned: always
  type: dict
  sample:
    velero/velero:
      roleArn: arn:aws:iam::111122223333:role/platform-prod-velero
      owner: platform/velero
updates:
  description: The planned API calls, in order, with their arguments. In check mode none of them was made.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform.runtime.plugins.module_utils import aws
from ansible_collections.platform.runtime.plugins.module_utils.eks import access as eks_access
from ansible_collections.platform.runtime.plugins.module_utils.eks import service as eks_module


def describe_associations(api, cluster):
    resource = f"cluster {cluster}"
    out = []
    for summary in aws.paginate(api, "list_pod_identity_associations", "associations", resource, clusterName=cluster):
        described = aws.describe(
            api,
            "describe_pod_identity_association",
            "association",
            f"{resource} association {summary['associationId']}",
            clusterName=cluster,
            associationId=summary["associationId"],
        )
        if described is not None:
            out.append(described)
    return out


def run(api, params, check_mode=False, want_diff=False):
    """Reconcile the associations of ``params['owners']``; returns the module result. Raises ValueError, PlanError, AWSError."""
    return eks_module.reconcile_owned(
        api,
        params,
        "associations",
        eks_access.validate_associations,
        describe_associations,
        eks_access.plan_associations,
        eks_access.association_view,
        eks_access.associations_after,
        "associations",
        check_mode=check_mode,
        want_diff=want_diff,
    )


def main():
    association = dict(
        namespace=dict(type="str", required=True),
        service_account=dict(type="str", required=True),
        role_arn=dict(type="str", required=True),
        owner=dict(type="str", required=True),
    )
    argument_spec = dict(
        cluster_name=dict(type="str", required=True),
        associations=dict(type="list", elements="dict", default=[], options=association),
    )
    argument_spec.update(eks_module.OWNED_ARG_SPEC)
    argument_spec.update(aws.WAIT_ARG_SPEC)
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    eks_module.run_module(module, run)


if __name__ == "__main__":
    main()
