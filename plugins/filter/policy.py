# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the gatekeeper role; documented in the sibling <filter>.yml files."""

from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.policy_set import chart_values
from ansible_collections.platform.runtime.plugins.plugin_utils.filters import plain


def gatekeeper_chart_values(settings):
    if not isinstance(settings, dict):
        raise AnsibleFilterError(f"gatekeeper_chart_values: input={settings!r}: expected a mapping of settings")
    try:
        return chart_values(**plain(settings))
    except TypeError as e:
        raise AnsibleFilterError(f"gatekeeper_chart_values: {e}") from e
    except ValidationError as e:
        raise AnsibleFilterError(f"gatekeeper_chart_values: {e}") from e


class FilterModule:
    def filters(self):
        return {"gatekeeper_chart_values": gatekeeper_chart_values}
