# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
name: eks_token
short_description: A bearer token for an EKS cluster, made with boto3
version_added: 0.1.0
description:
  - Returns the token that C(aws eks get-token) makes, without the AWS CLI.
  - Credentials, region and endpoint are resolved as every amazon.aws lookup resolves them.
  - The token is C(k8s-aws-v1.) followed by the unpadded base64url encoding of a presigned STS C(GetCallerIdentity) URL
    whose signature covers the header C(x-k8s-aws-id) set to the cluster name.
  - The token is a credential, so keep tasks that show it under C(no_log).
options:
  _terms:
    description: Cluster names; one token per name.
    required: true
    type: list
    elements: str
  expires:
    description: Seconds the presigned URL is valid; EKS accepts tokens for up to 15 minutes.
    type: int
    default: 60
extends_documentation_fragment:
  - amazon.aws.boto3
  - amazon.aws.common.plugins
  - amazon.aws.region.plugins
"""

EXAMPLES = r"""
- name: Get a token for the prod cluster
  ansible.builtin.set_fact:
    _token: "{{ lookup('platform.runtime.eks_token', 'prod', region='eu-west-1') }}"
  no_log: true
"""

RETURN = r"""
_raw:
  description: One token per cluster name.
  type: list
  elements: str
"""

from ansible.errors import AnsibleLookupError

from ansible_collections.amazon.aws.plugins.plugin_utils.lookup import AWSLookupBase
from ansible_collections.platform.runtime.plugins.module_utils import aws


class LookupModule(AWSLookupBase):
    def run(self, terms, variables=None, **kwargs):
        super().run(terms, variables, **kwargs)
        sts = self.client("sts")
        out = []
        for name in terms:
            try:
                out.append(aws.eks_token(sts, name, expires=self.get_option("expires")))
            except Exception as e:
                raise AnsibleLookupError(f"eks_token: cannot make a token for cluster {name}: {e}") from e
        return out
