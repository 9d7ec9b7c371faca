# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whole-platform filters; documented in the sibling <filter>.yml files."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.module_utils import site
from ansible_collections.platform.runtime.plugins.plugin_utils.filters import plain


def platform_inventory_errors(settings, environments=site.ENVIRONMENTS, providers=site.PROVIDERS):
    if not isinstance(settings, dict):
        raise AnsibleFilterError(f"platform_inventory_errors: input={settings!r}: expected a mapping of inventory variables")
    return site.inventory_errors(plain(settings), plain(list(environments)), plain(list(providers)))


class FilterModule:
    def filters(self):
        return {"platform_inventory_errors": platform_inventory_errors}
