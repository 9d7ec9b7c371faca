# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whole-platform filters; documented in the sibling <filter>.yml files."""

from __future__ import annotations

import datetime

from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.module_utils import compatibility, site
from ansible_collections.platform.runtime.plugins.plugin_utils.filters import plain


def platform_inventory_errors(settings, environments=site.ENVIRONMENTS, providers=site.PROVIDERS):
    if not isinstance(settings, dict):
        raise AnsibleFilterError(f"platform_inventory_errors: input={settings!r}: expected a mapping of inventory variables")
    return site.inventory_errors(plain(settings), plain(list(environments)), plain(list(providers)))


def platform_version_matrix(settings, today=None):
    if not isinstance(settings, dict):
        raise AnsibleFilterError(f"platform_version_matrix: input={settings!r}: expected a mapping of inventory variables")
    day = None
    if today:
        try:
            day = datetime.date.fromisoformat(str(today))
        except ValueError as e:
            raise AnsibleFilterError(f"platform_version_matrix: today={today!r}: expected a date such as 2026-12-07") from e
    errors, warnings = compatibility.matrix_check(plain(settings), day)
    return {"errors": errors, "warnings": warnings}


def platform_run_checks(settings):
    if not isinstance(settings, dict):
        raise AnsibleFilterError(f"platform_run_checks: input={settings!r}: expected a mapping of inventory variables")
    errors, warnings = site.run_checks(plain(settings))
    return {"errors": errors, "warnings": warnings}


class FilterModule:
    def filters(self):
        return {
            "platform_inventory_errors": platform_inventory_errors,
            "platform_version_matrix": platform_version_matrix,
            "platform_run_checks": platform_run_checks,
        }
