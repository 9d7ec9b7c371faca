#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: gatekeeper_policy
short_description: Apply an environment's Gatekeeper ConstraintTemplates and constraints, checked before anything changes
version_added: 0.1.0
description:
  - Loads the ConstraintTemplates named in O(templates) from the pinned Gatekeeper policy library (never copied into
    the collection) or from the collection's own C(policies/) directory, and builds one constraint per O(constraints)
    entry.
  - "Every input is checked before anything is applied, and every problem is reported together, naming the field, the
    value and what is expected: a constraint for a template that is not in O(templates); parameters that do not match
    the template's C(spec.crd.spec.validation.openAPIV3Schema) (jsonschema); an unknown enforcement action; an empty
    registry or repository allow-list when the constraint denies."
  - Every constraint excludes the platform's system namespaces (C(kube-*), C(default) and the components' namespaces,
    with O(namespaces) overriding them) plus its own O(constraints[].excluded_namespaces), each with a reason.
  - Then it waits for the ConstraintTemplate CRD to be Established, applies the templates, waits for the constraint
    CRDs and applies the constraints, with server-side apply (check mode is a server-side dry run; objects whose kind
    the server does not serve yet are predicted locally).
  - Where Gatekeeper runs (O(controllers_running=true)) its controller creates the constraint CRDs. Without it
    (the local test bed only) the module creates them from each template's C(spec.crd) the way Gatekeeper does, and
    reports RV(status) C(applied, not enforced (no controller)) instead of waiting for a controller that is not there.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.k8s_auth
  - platform.runtime.policy_set
attributes:
  check_mode:
    support: full
    details: Server-side dry run; kinds the server does not serve yet are predicted locally.
  diff_mode:
    support: full
options:
  controllers_running:
    description: Whether Gatekeeper's controller runs (it creates the constraint CRDs). V(false) only on the local test bed.
    type: bool
    required: true
  install_template_crd:
    description:
      - "Apply the pinned ConstraintTemplate CRD from O(upstream_dir) first. Test bed only: where Gatekeeper is installed
        its chart owns this CRD."
    type: bool
    default: false
  validate_only:
    description: Only check the inputs and return the objects; no cluster access.
    type: bool
    default: false
  timeout:
    description: Seconds to wait for each group of CRDs to be Established.
    type: int
    default: 300
requirements:
  - jsonschema
  - kubernetes
"""

EXAMPLES = r"""
- name: Apply the production policy set
  platform.runtime.gatekeeper_policy:
    templates: [containerlimits, allowedrepos, pinnedhelmchartversion]
    enforcement_action: deny
    controllers_running: true
    constraints:
      - name: allowed-registries
        template: allowedrepos
        kinds: [{apiGroups: [""], kinds: [Pod]}]
        parameters:
          repos: [registry.example.com/]
      - name: pinned-chart-versions
        template: pinnedhelmchartversion
        kinds: [{apiGroups: [helm.toolkit.fluxcd.io], kinds: [HelmRelease]}]
"""

RETURN = r"""
status:
  description: C(validated), C(applied, enforced by Gatekeeper) or C(applied, not enforced (no controller)).
  returned: always
  type: str
templates:
  description: Names of the ConstraintTemplates.
  returned: always
  type: list
  elements: str
template_objects:
  description: The ConstraintTemplate objects as applied (for the GitOps export), sorted by name.
  returned: always
  type: list
  elements: dict
constraints:
  description: The constraint objects.
  returned: always
  type: list
  elements: dict
summary:
  description: Object references by action (created, updated, unchanged, failed).
  returned: unless validate_only
  type: dict
results:
  description: Per-object results C({ref, action, prediction, error}).
  returned: unless validate_only
  type: list
  elements: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import credentials, kube, runner
from ansible_collections.platform.runtime.plugins.module_utils.policy import service
from ansible_collections.platform.runtime.plugins.module_utils.policy.builders import HAS_JSONSCHEMA

ARGUMENT_SPEC = dict(
    service.POLICY_SET_ARG_SPEC,
    controllers_running=dict(type="bool", required=True),
    install_template_crd=dict(type="bool", default=False),
    validate_only=dict(type="bool", default=False),
    timeout=dict(type="int", default=300),
    **kube.AUTH_ARG_SPEC,
)


def apply(ctx):
    return service.run(ctx.params, ctx.connect, ctx.check_mode)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, apply, connect=credentials.connect, requires=[(HAS_JSONSCHEMA, "jsonschema")])


if __name__ == "__main__":
    main()
