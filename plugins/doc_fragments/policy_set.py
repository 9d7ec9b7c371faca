# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    """Options that describe an environment's policy set (gatekeeper_policy, policy_preflight)."""

    DOCUMENTATION = r"""
options:
  templates:
    description:
      - Templates to install, by short name (V(containerlimits), V(containerresources), V(allowedrepos), V(requiredlabels),
        V(privileged-containers), V(disallowedtags), the collection's V(pinnedhelmchartversion) and
        V(allowedhelmrepositories)) or library path (V(general/httpsonly)).
    type: list
    elements: str
    required: true
  constraints:
    description: Constraints to apply.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Constraint name (DNS-1123 subdomain).
        type: str
        required: true
      template:
        description: Short name from O(templates), or the template's C(metadata.name).
        type: str
        required: true
      kinds:
        description: C(spec.match.kinds), a list of C({apiGroups, kinds}).
        type: list
        elements: dict
        required: true
      parameters:
        description: C(spec.parameters), checked against the template's schema.
        type: dict
      enforcement_action:
        description: Overrides O(enforcement_action) for this constraint.
        type: str
      excluded_namespaces:
        description: Namespaces excluded on top of the system namespaces, each as C({namespace, reason}).
        type: list
        elements: dict
      label_selector:
        description: C(spec.match.labelSelector).
        type: dict
      namespace_selector:
        description: C(spec.match.namespaceSelector).
        type: dict
  enforcement_action:
    description: The environment's enforcement action (C(dryrun) audits only, C(warn) warns, C(deny) blocks).
    type: str
    required: true
  namespaces:
    description: Overrides of the platform's component namespaces (C(platform_namespaces)).
    type: dict
  upstream_dir:
    description: Directory of the pinned upstream data (the C(platform_upstream) role's C(platform_upstream_info.root)).
    type: path
  library_dir:
    description: The Gatekeeper library's C(library/) directory; defaults to the pinned copy under O(upstream_dir).
    type: path
  policies_dir:
    description: The collection's own templates (its C(policies/) directory); the role passes it.
    type: path
"""
