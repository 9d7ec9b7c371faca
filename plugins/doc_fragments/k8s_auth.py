# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  kubeconfig:
    description:
      - Path to a kubeconfig file. Defaults to C(~/.kube/config) or E(KUBECONFIG) when neither this nor O(host) is set.
    type: path
  context:
    description:
      - The kubeconfig context to use. Defaults to the current context.
    type: str
  host:
    description:
      - The API server URL. When set, O(kubeconfig) is ignored and O(api_key) authenticates.
    type: str
  api_key:
    description:
      - A bearer token for O(host). Never logged.
    type: str
  ca_cert:
    description:
      - CA bundle used to verify O(host).
    type: path
  validate_certs:
    description:
      - Whether to verify the API server's certificate.
    type: bool
    default: true
requirements:
  - kubernetes >= 24.2.0 (Python client)
"""
