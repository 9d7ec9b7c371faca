#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: policy_preflight
short_description: Report what an environment's Gatekeeper constraints would deny, before switching them to deny
version_added: 0.1.0
description:
  - Builds the environment's policy set exactly as M(platform.runtime.gatekeeper_policy) does (same options, same
    checks) and evaluates every constraint, with the policy tester's Gatekeeper emulation, against
  - "(a) what the platform itself would apply: the charts in O(charts) rendered with C(helm template) and their
    values, the objects in O(objects), and the onboarding objects of O(teams) for O(environment);"
  - "(b) with O(live=true), the live objects of the cluster: one LIST per kind the constraints match, plus the
    Namespaces (for namespaceSelector)."
  - Workloads are also reviewed as the Pods they create (Gatekeeper's generator expansion), so Pod constraints see
    what a Deployment would run.
  - It reports, per constraint, the objects that would be denied with the messages, whatever the constraint's current
    enforcement action. It changes nothing.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
  - platform.runtime.k8s_auth
  - platform.runtime.policy_set
attributes:
  check_mode:
    support: full
    details: The module only reads.
  diff_mode:
    support: none
options:
  charts:
    description: Charts to render, each C({name, chart, namespace, release, values, kube_version}).
    type: list
    elements: dict
    default: []
  objects:
    description: Other objects the platform would apply (for example the Flux HelmRelease and HelmRepository objects).
    type: list
    elements: dict
    default: []
  teams:
    description: Team definitions (C(platform_teams)); their onboarding objects for O(environment) are checked.
    type: list
    elements: dict
    default: []
  environment:
    description: Environment of the onboarding objects.
    type: str
  onboarding:
    description: Onboarding settings, C({environments, presets, network, istio_revision, mesh_injection}).
    type: dict
  include_system_namespaces:
    description:
      - Strict run over the platform's own components. The constraints keep only their own
        O(constraints[].excluded_namespaces) (each with a reason), not the system namespaces, so what the platform's
        charts would violate shows up and is either fixed in the values or excluded on purpose.
    type: bool
    default: false
  live:
    description: Also read the live objects of the cluster.
    type: bool
    default: false
  helm:
    description: The helm binary.
    type: str
    default: helm
  fail_on_violations:
    description: Fail when any object would be denied.
    type: bool
    default: false
requirements:
  - jsonschema
  - gordon-to-regorus
"""

EXAMPLES = r"""
- name: What would prod's constraints deny?
  platform.runtime.policy_preflight:
    templates: [allowedrepos, containerlimits]
    enforcement_action: deny
    constraints:
      - name: allowed-registries
        template: allowedrepos
        kinds: [{apiGroups: [""], kinds: [Pod]}]
        parameters: {repos: [registry.example.com/]}
    charts:
      - name: gatekeeper
        chart: /srv/upstream/gatekeeper-3.23.0/chart
        namespace: gatekeeper-system
        values: {replicas: 3}
    live: true
"""

RETURN = r"""
violations:
  description: Number of (constraint, object) pairs that would be denied.
  returned: always
  type: int
report:
  description: C({constraints, objects, violations, sources}); each constraint lists C({source, object, messages}).
  returned: always
  type: dict
table:
  description: The report as text lines.
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import credentials, kube, runner
from ansible_collections.platform.runtime.plugins.module_utils.policy import preflight
from ansible_collections.platform.runtime.plugins.module_utils.policy.engine import ENGINE_PACKAGE, HAS_REGORUS
from ansible_collections.platform.runtime.plugins.module_utils.policy.service import POLICY_SET_ARG_SPEC

ARGUMENT_SPEC = dict(
    POLICY_SET_ARG_SPEC,
    charts=dict(type="list", elements="dict", default=[]),
    objects=dict(type="list", elements="dict", default=[]),
    teams=dict(type="list", elements="dict", default=[]),
    environment=dict(type="str"),
    onboarding=dict(type="dict"),
    include_system_namespaces=dict(type="bool", default=False),
    live=dict(type="bool", default=False),
    helm=dict(type="str", default="helm"),
    fail_on_violations=dict(type="bool", default=False),
    **kube.AUTH_ARG_SPEC,
)


def evaluate(ctx):
    return preflight.run(ctx.params, ctx.run_command, ctx.connect)


def denied(result):
    """The fail_on_violations message: how many objects would be denied, and the table."""
    return result["violations"] and f"{result['violations']} object(s) would be denied:\n" + "\n".join(result["table"])


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, evaluate, connect=credentials.connect, requires=[(HAS_REGORUS, ENGINE_PACKAGE)], fail_on={"fail_on_violations": denied})


if __name__ == "__main__":
    main()
