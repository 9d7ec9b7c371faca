#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: manifest_apply
short_description: Server-side apply a batch of Kubernetes manifests, CRDs first
version_added: 0.1.0
description:
  - Applies O(definitions) and the documents of O(src) in one batch with server-side apply and a fixed field manager.
  - CustomResourceDefinitions are applied first; on API servers older than 1.25 their C(x-kubernetes-validations) and
    C(default) empty strings are removed first, with a warning. The module then waits for them to be Established
    and applies the other objects in dependency waves (namespaces, then accounts and config, then the rest).
  - One call, one discovery cache and a thread pool, instead of one fork per object.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.k8s_auth
attributes:
  check_mode:
    support: full
    details:
      - Server-side dry run (C(dryRun=All)). Objects in a namespace, or of a CRD, that the same batch would create
        cannot be dry-run by the server; they are predicted locally and marked C(prediction=local).
  diff_mode:
    support: full
    details: One before/after pair per changed object, without server-managed metadata and status.
options:
  definitions:
    description: Objects to apply.
    type: list
    elements: dict
    default: []
  src:
    description: A multi-document YAML file to apply as well.
    type: path
  field_manager:
    description: Server-side apply field manager.
    type: str
    default: platform.runtime
  crd_timeout:
    description: Seconds to wait for applied CRDs to be Established.
    type: int
    default: 120
"""

EXAMPLES = r"""
- name: Apply the App of Apps
  platform.runtime.manifest_apply:
    kubeconfig: "{{ platform_kubeconfig }}"
    definitions: "{{ {'url': 'https://git.example.com/platform.git'} | platform.runtime.flux_app_of_apps }}"
    field_manager: platform.runtime-flux
"""

RETURN = r"""
summary:
  description: Object references by action (C(created), C(updated), C(unchanged), C(failed), C(skipped)).
  returned: always
  type: dict
results:
  description: One entry per object with C(ref), C(action) and, in check mode, C(prediction) (V(server) or V(local)).
  returned: always
  type: list
  elements: dict
warnings_compat:
  description: CRD compatibility steps taken for an old API server.
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import credentials, kube, manifests, runner

ARGUMENT_SPEC = dict(
    definitions=dict(type="list", elements="dict", default=[]),
    src=dict(type="path"),
    field_manager=dict(type="str", default=kube.DEFAULT_FIELD_MANAGER),
    crd_timeout=dict(type="int", default=120),
    **kube.AUTH_ARG_SPEC,
)


def apply(ctx):
    p = ctx.params
    options = dict(src=p["src"], field_manager=p["field_manager"], crd_timeout=p["crd_timeout"])
    return manifests.run(ctx.connect, p["definitions"], check_mode=ctx.check_mode, diff=ctx.diff, warn=ctx.warn, **options)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, apply, connect=credentials.connect)


if __name__ == "__main__":
    main()
