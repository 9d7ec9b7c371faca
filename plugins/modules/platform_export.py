#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: platform_export
short_description: Export the platform as a Flux repository (clusters, infrastructure, policies, tenants)
version_added: 0.1.0
description:
  - Writes, under O(path), the objects a platform run applies, in the flux2-multi-tenancy layout
    C(clusters/<cluster>/), C(infrastructure/), C(policies/) and C(tenants/<team>/), one object per file and a
    C(kustomization.yaml) per directory, so C(kubectl kustomize clusters/<cluster>) builds the whole cluster.
  - The team objects come from the same builders the M(platform.runtime.namespace_onboarding) module applies.
    The component objects come from the roles (O(infrastructure), O(policies)); the Flux install and App of Apps
    are written by the C(flux) role into a directory listed in O(cluster_resources).
  - Files are written only when their content changes, in sorted order with sorted keys, so an unchanged inventory
    exports byte-identical files. Files under C(infrastructure/), C(policies/) and C(tenants/) that are no longer
    part of the export are removed. Secrets are never exported.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
attributes:
  check_mode:
    support: full
    details: Reports the files that would be written or removed, and writes nothing.
  diff_mode:
    support: none
options:
  path:
    description: Root of the exported repository.
    type: path
    required: true
  cluster:
    description: Name of the cluster (the inventory host); its entry point is C(clusters/<cluster>/kustomization.yaml).
    type: str
    required: true
  environment:
    description: Environment of the teams' objects.
    type: str
    required: true
  teams:
    description: The team definitions (C(platform_teams)); schema as for M(platform.runtime.namespace_onboarding).
    type: list
    elements: dict
    default: []
  environments:
    description: Per-environment onboarding settings merged over the built-in ones.
    type: dict
    default: {}
  presets:
    description: Quota size presets merged over the built-in ones.
    type: dict
    default: {}
  network:
    description: Namespaces the team NetworkPolicies refer to.
    type: dict
    default: {}
  istio_revision:
    description: Istio revision label for the team namespaces.
    type: str
  istio:
    description: Include the teams' PeerAuthentication and AuthorizationPolicies (the mesh is installed).
    type: bool
    default: false
  gitops:
    description: Include the Flux GitRepository and Kustomization of teams with a C(gitops) repository.
    type: bool
    default: false
  infrastructure:
    description: Component objects (HelmRepositories, HelmReleases, namespaces) for C(infrastructure/).
    type: list
    elements: dict
    default: []
  policies:
    description: Policy objects (ConstraintTemplates, constraints) for C(policies/).
    type: list
    elements: dict
    default: []
  cluster_resources:
    description: Directories under C(clusters/<cluster>/) that the cluster's kustomization lists first (for example V(flux)).
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Export the platform
  platform.runtime.platform_export:
    path: /srv/platform-repo
    cluster: prod-use1
    environment: prod
    teams: "{{ platform_teams }}"
    istio: true
    cluster_resources: [flux]
"""

RETURN = r"""
files:
  description: Every file of the export, relative to O(path).
  returned: always
  type: list
  elements: str
written:
  description: Files written (or that would be) because their content changed.
  returned: always
  type: list
  elements: str
removed:
  description: Stale files removed (or that would be).
  returned: always
  type: list
  elements: str
teams:
  description: Teams exported for the environment.
  returned: always
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.platform.runtime.plugins.module_utils import export, runner

ARGUMENT_SPEC = dict(export.ARG_SPEC)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    runner.run(module, lambda ctx: export.export(ctx.params, check_mode=ctx.check_mode))


if __name__ == "__main__":
    main()
