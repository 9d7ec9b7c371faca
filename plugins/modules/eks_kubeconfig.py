#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: eks_kubeconfig
short_description: Write a kubeconfig for an EKS cluster that mints a fresh token on every use
version_added: 0.2.0
description:
  - Describes the cluster and writes a kubeconfig the way C(aws eks update-kubeconfig) does, with an C(exec) credential
    (C(client.authentication.k8s.io/v1beta1)) that runs C(aws --region <region> eks get-token --cluster-name <name>)
    on every use. The file holds no token, so it never expires.
  - The command in the exec credential (by default C(aws), the AWS CLI v1 or v2) must be on the C(PATH) of whoever uses
    the kubeconfig (kubectl, helm, kubernetes.core). The collection's own Kubernetes modules mint the same token with
    boto3 and do not need it.
  - The file is written atomically with mode 0600 and only when its content changes.
  - With O(wait=true) a cluster that is still being created is waited for, since it has no endpoint before.
author:
  - platform.runtime contributors (@platform-runtime)
attributes:
  check_mode:
    support: full
    details: Reports whether the file would change; writes nothing.
  diff_mode:
    support: full
options:
  cluster_name:
    description: Name of the EKS cluster.
    type: str
    required: true
  path:
    description: Where to write the kubeconfig. Parent directories are created with mode 0700.
    type: path
    required: true
  context:
    description: Name of the context, cluster and user entries. Defaults to O(cluster_name).
    type: str
  role_arn:
    description: An IAM role the exec credential assumes before making the token (C(--role-arn)).
    type: str
  exec_profile:
    description: A named AWS profile the exec credential runs with (set as E(AWS_PROFILE) in its C(env)).
    type: str
  command:
    description: The AWS CLI to run in the exec credential.
    type: str
    default: aws
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.aws_common
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Kubeconfig for the prod cluster, assuming the platform admin role
  platform.runtime.eks_kubeconfig:
    cluster_name: platform-prod
    region: eu-west-1
    path: ~/.kube/platform-prod.kubeconfig
    role_arn: arn:aws:iam::111122223333:role/platform-admin
"""

RETURN = r"""
path:
  description: The kubeconfig file.
  returned: always
  type: str
context:
  description: The context to use.
  returned: always
  type: str
exec:
  description: The exec credential stanza written for the user.
  returned: when the cluster exists
  type: dict
  sample:
    apiVersion: client.authentication.k8s.io/v1beta1
    command: aws
    args: [--region, eu-west-1, eks, get-token, --cluster-name, platform-prod, --output, json]
"""

from ansible.module_utils.common.yaml import HAS_YAML

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform.runtime.plugins.module_utils import aws, runner
from ansible_collections.platform.runtime.plugins.module_utils.eks import service

ARGUMENT_SPEC = dict(
    cluster_name=dict(type="str", required=True),
    path=dict(type="path", required=True),
    context=dict(type="str"),
    role_arn=dict(type="str"),
    exec_profile=dict(type="str"),
    command=dict(type="str", default="aws"),
    **aws.WAIT_ARG_SPEC,
)


def write(ctx):
    return service.kubeconfig(ctx.client, ctx.params, ctx.module.region, ctx.check_mode, ctx.diff)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, write, connect=service.connect, requires=[(HAS_YAML, "PyYAML")])


if __name__ == "__main__":
    main()
