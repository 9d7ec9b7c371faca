# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
name: eks_team_access
short_description: The EKS access entries of the inventory's teams and platform administrators
version_added: 0.2.0
description:
  - For each team with C(iam_roles) (tenant role V(admin), V(edit) or V(view) to a list of IAM role or user ARNs), one
    access entry per ARN whose Kubernetes groups are the team's C(groups) for that tenant role, owned by C(team/<name>).
  - Each platform administrator ARN gets an entry owned by C(platform-admins) with the C(AmazonEKSClusterAdminPolicy)
    access policy at cluster scope.
  - Refuses, naming the team, field, value and what was expected, an ARN that is not an IAM role or user ARN, a group
    starting with C(system:), a tenant role without groups, and one ARN mapped by two teams or by a team and the administrators.
  - The result is the O(platform.runtime.eks_access_entries#module:entries) input.
positional: admins
options:
  _input:
    description: The teams (C(platform_teams)); only C(name), C(groups), C(iam_roles) and C(environments) are read.
    type: list
    elements: dict
    required: true
  admins:
    description: IAM role or user ARNs of the platform administrators.
    type: list
    elements: str
    default: []
  environment:
    description: Only teams whose C(environments) include it (all teams when empty).
    type: str
"""

EXAMPLES = r"""
- name: Plan the access entries
  ansible.builtin.set_fact:
    _entries: "{{ platform_teams | platform.runtime.eks_team_access(['arn:aws:iam::111122223333:role/platform-admin'], environment='prod') }}"
"""

RETURN = r"""
_value:
  description: Entries with C(principal_arn), C(kubernetes_groups), C(owner), C(type) and C(access_policies).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.module_utils.eks import access as eks_access
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.plugin_utils.filters import plain


def eks_team_access(teams, admins=None, environment=None):
    try:
        return eks_access.team_access_entries(plain(teams), admins=plain(admins or []), environment=environment or None)
    except ValidationError as e:
        raise AnsibleFilterError(f"eks_team_access: {e}") from e


class FilterModule:
    def filters(self):
        return {"eks_team_access": eks_team_access}
