#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: flux_install
short_description: Install Flux from its release install manifest with server-side apply
version_added: 0.1.0
description:
  - Reads the Flux install manifest (C(install.yaml) of a Flux release) from O(src), keeps the selected O(components),
    optionally adds the multi-tenancy lockdown flags, checks the API server version against Flux's minimum, and
    applies everything server-side with a fixed field manager.
  - CRDs first (with the compatibility step and a warning on API servers older than 1.25), then it waits for them to
    be Established, then it applies the rest and, unless O(wait_controllers=false), waits for the controller
    Deployments to be Available.
  - Flux 2.9 supports Kubernetes 1.34.1 and later (Flux v2.9.0 release notes, "Kubernetes compatibility"). An older
    server fails unless O(allow_unsupported_kubernetes=true), which only warns; use it for test clusters.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.k8s_auth
attributes:
  check_mode:
    support: full
    details:
      - Server-side dry run. Objects in the C(flux-system) namespace are predicted locally when the namespace does not
        exist yet. No waiting and no export in check mode.
  diff_mode:
    support: full
    details: One before/after pair per changed object.
options:
  src:
    description: Path of the Flux install manifest.
    type: path
    required: true
  components:
    description: Controllers to install; C(source-controller) is required.
    type: list
    elements: str
    default: [source-controller, kustomize-controller, helm-controller, notification-controller]
  multi_tenancy:
    description:
      - Add the flux2-multi-tenancy lockdown flags C(--no-cross-namespace-refs=true) (kustomize, helm and notification
        controllers), C(--default-service-account=default) (kustomize and helm controllers) and
        C(--no-remote-bases=true) (kustomize controller).
    type: bool
    default: false
  min_kubernetes_version:
    description: Oldest API server version accepted.
    type: str
    default: 1.34.1
  allow_unsupported_kubernetes:
    description: Warn instead of failing on an older API server (test clusters only).
    type: bool
    default: false
  wait_controllers:
    description: Wait for the controller Deployments to be Available. Turning it off prints a warning.
    type: bool
    default: true
  timeout:
    description: Seconds to wait for the CRDs and, separately, for the controllers.
    type: int
    default: 300
  field_manager:
    description: Server-side apply field manager.
    type: str
    default: platform.runtime-flux
  apply:
    description: Apply to the cluster. V(false) only renders (and exports with O(export_path)).
    type: bool
    default: true
  export_path:
    description: Also write the rendered install objects to this file, as multi-document YAML.
    type: path
"""

EXAMPLES = r"""
- name: Install Flux
  platform.runtime.flux_install:
    kubeconfig: "{{ platform_kubeconfig }}"
    src: /opt/flux/install.yaml
    multi_tenancy: true
"""

RETURN = r"""
server_version:
  description: The API server's C(gitVersion).
  returned: when O(apply=true)
  type: str
summary:
  description: Object references by action.
  returned: always
  type: dict
results:
  description: One entry per object with C(ref), C(action) and C(prediction).
  returned: always
  type: list
  elements: dict
not_ready:
  description: Controllers that did not become Available, with state, reason and message.
  returned: on failure
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import credentials, flux, flux_installer, kube, runner

OPTIONS = dict(
    src=dict(type="path", required=True),
    components=dict(type="list", elements="str", default=list(flux.COMPONENTS)),
    multi_tenancy=dict(type="bool", default=False),
    min_kubernetes_version=dict(type="str", default="1.34.1"),
    allow_unsupported_kubernetes=dict(type="bool", default=False),
    wait_controllers=dict(type="bool", default=True),
    timeout=dict(type="int", default=300),
    field_manager=dict(type="str", default="platform.runtime-flux"),
    apply=dict(type="bool", default=True),
    export_path=dict(type="path"),
)
ARGUMENT_SPEC = dict(OPTIONS, **kube.AUTH_ARG_SPEC)


def install(ctx):
    options = {k: ctx.params[k] for k in OPTIONS}
    return flux_installer.install(ctx.connect, check_mode=ctx.check_mode, diff=ctx.diff, warn=ctx.warn, **options)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, install, connect=credentials.connect)


if __name__ == "__main__":
    main()
