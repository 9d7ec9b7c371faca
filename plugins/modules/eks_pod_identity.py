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
from ansible_collections.platform.runtime.plugins.module_utils import aws, runner
from ansible_collections.platform.runtime.plugins.module_utils.eks import service

ASSOCIATION_SPEC = dict(
    namespace=dict(type="str", required=True),
    service_account=dict(type="str", required=True),
    role_arn=dict(type="str", required=True),
    owner=dict(type="str", required=True),
)
ARGUMENT_SPEC = dict(
    cluster_name=dict(type="str", required=True),
    associations=dict(type="list", elements="dict", default=[], options=ASSOCIATION_SPEC),
    **service.OWNED_ARG_SPEC,
    **aws.WAIT_ARG_SPEC,
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, lambda ctx: service.pod_identity(ctx.client, ctx.params, ctx.check_mode, ctx.diff), connect=service.connect)


if __name__ == "__main__":
    main()
