# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # Matches aws.WAIT_ARG_SPEC. Credentials, region and endpoint: amazon.aws.common.modules and amazon.aws.region.modules.
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Wait until the resource is active (or gone) and every update has finished.
      - Version upgrades always wait for each step, because the next step needs the previous one done.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for each create, delete or update. The waiters' attempts are sized from it.
    type: int
    default: 1200
"""

    # Matches eks/service.py OWNED_ARG_SPEC: the owner-scoped set modules (eks_access_entries, eks_pod_identity).
    OWNED = r"""
options:
  owners:
    description:
      - Owners (tag C(platform.runtime/owner)) this call is authoritative for; V(<kind>/*), such as V(team/*), stands
        for every owner of that kind. Defaults to the owners the items name.
    type: list
    elements: str
  tags:
    description: Extra tags on every item (the owner tag is always added).
    type: dict
  purge:
    description: Delete what O(owners) hold and the input no longer lists.
    type: bool
    default: true
"""

    # Matches aws.TAGS_ARG_SPEC: the single-resource modules (eks_cluster, eks_nodegroup, eks_addon).
    TAGS = r"""
options:
  tags:
    description: Tags of the resource (the cluster, node group or add-on). Omit to leave tags alone.
    type: dict
  purge_tags:
    description: Remove tags that are not in O(tags). Tags starting with C(aws:) are never removed.
    type: bool
    default: true
"""
