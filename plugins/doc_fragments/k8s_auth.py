# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options of every Kubernetes module here.

``kube.AUTH_ARG_SPEC`` is kubernetes.core's ``AUTH_ARG_SPEC`` and the client configuration is built by kubernetes.core's
client setup, so the options, aliases and ``K8S_AUTH_*`` variables below are kubernetes.core's.
tests/unit/plugins/module_utils/test_kube.py checks that this fragment documents exactly those options, types and aliases.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  kubeconfig:
    description:
      - The kubeconfig to connect with, as a file path or as the kubeconfig content in a dictionary.
      - Several files can be given in one string, separated by C(:) (C(;) on Windows), as in E(KUBECONFIG).
      - Without it, and without O(host) credentials or O(context), the in-cluster configuration is tried first, then
        C(~/.kube/config) or E(KUBECONFIG).
      - Environment variable E(K8S_AUTH_KUBECONFIG). Never logged.
    type: raw
  context:
    description:
      - The kubeconfig context to use; the current context when not set. Environment variable E(K8S_AUTH_CONTEXT).
    type: str
  host:
    description:
      - The API server URL, such as V(https://127.0.0.1:6443). With O(api_key), O(username) and O(password), or
        O(client_cert) and O(client_key), no kubeconfig is read. Environment variable E(K8S_AUTH_HOST).
    type: str
  api_key:
    description:
      - "A bearer token, sent as C(Authorization: Bearer <token>). Environment variable E(K8S_AUTH_API_KEY). Never logged."
    type: str
  username:
    description:
      - User name for HTTP basic authentication, only for API servers that still offer it (removed from Kubernetes in
        1.19). Environment variable E(K8S_AUTH_USERNAME).
    type: str
  password:
    description:
      - Password for O(username). Environment variable E(K8S_AUTH_PASSWORD). Never logged.
    type: str
  client_cert:
    description:
      - Client certificate file (PEM) for x509 authentication; the API server takes the user from its common name and
        the groups from its organizations. Environment variable E(K8S_AUTH_CLIENT_CERT) or E(K8S_AUTH_CERT_FILE).
    type: path
    aliases: [cert_file]
  client_key:
    description:
      - Private key file (PEM) of O(client_cert). Environment variable E(K8S_AUTH_CLIENT_KEY) or E(K8S_AUTH_KEY_FILE).
    type: path
    aliases: [key_file]
  ca_cert:
    description:
      - CA bundle that verifies the API server's certificate; give the whole chain. Environment variable
        E(K8S_AUTH_CA_CERT) or E(K8S_AUTH_SSL_CA_CERT).
    type: path
    aliases: [ssl_ca_cert]
  validate_certs:
    description:
      - Whether to verify the API server's certificate. When not set, the kubeconfig decides (verification on unless it
        says C(insecure-skip-tls-verify)). Environment variable E(K8S_AUTH_VALIDATE_CERTS) or
        E(K8S_AUTH_VERIFY_SSL).
    type: bool
    aliases: [verify_ssl]
  proxy:
    description:
      - URL of an HTTP proxy for the API connection (C(HTTPS_PROXY) and similar variables are not read).
        Environment variable E(K8S_AUTH_PROXY).
    type: str
  no_proxy:
    description:
      - Comma-separated hosts, domains, IP addresses or CIDRs reached without O(proxy), for example
        V(localhost,.cluster.local,10.0.0.0/8) (C(NO_PROXY) is not read). Environment variable E(K8S_AUTH_NO_PROXY).
    type: str
  proxy_headers:
    description:
      - Headers sent to O(proxy).
    type: dict
    suboptions:
      proxy_basic_auth:
        description:
          - V(user:password) for the proxy's basic authentication. Environment variable
            E(K8S_AUTH_PROXY_HEADERS_PROXY_BASIC_AUTH). Never logged.
        type: str
      basic_auth:
        description:
          - V(user:password) sent as an C(Authorization) basic header. Environment variable
            E(K8S_AUTH_PROXY_HEADERS_BASIC_AUTH). Never logged.
        type: str
      user_agent:
        description:
          - C(User-Agent) sent to the proxy. Environment variable E(K8S_AUTH_PROXY_HEADERS_USER_AGENT).
        type: str
  persist_config:
    description:
      - Write refreshed credentials (for example a renewed OIDC token) back to the kubeconfig file. Off when not set.
        Environment variable E(K8S_AUTH_PERSIST_CONFIG).
    type: bool
  impersonate_user:
    description:
      - Act as this user (header C(Impersonate-User)); the authenticated user needs the C(impersonate) verb on it.
        Environment variable E(K8S_AUTH_IMPERSONATE_USER).
    type: str
  impersonate_groups:
    description:
      - Act as a member of these groups, one C(Impersonate-Group) header each; needs O(impersonate_user) and the
        C(impersonate) verb on the groups. Environment variable E(K8S_AUTH_IMPERSONATE_GROUPS), comma-separated.
    type: list
    elements: str
notes:
  - The connection options, their aliases and their C(K8S_AUTH_*) variables are those of kubernetes.core's modules,
    so one C(module_defaults) block for C(group/kubernetes.core.k8s) and C(group/platform.runtime.k8s) serves both.
  - An option set on the task wins over its environment variable.
requirements:
  - kubernetes >= 24.2.0 (Python client)
  - the kubernetes.core collection (its connection options and client setup are used)
"""
