# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the gatekeeper role; documented in the sibling <filter>.yml files."""

from ansible_collections.platform.runtime.plugins.module_utils.policy.set import chart_values
from ansible_collections.platform.runtime.plugins.plugin_utils.filters import call, mapping


def gatekeeper_chart_values(settings):
    return call("gatekeeper_chart_values", lambda s: chart_values(**s), mapping("gatekeeper_chart_values", settings))


class FilterModule:
    def filters(self):
        return {"gatekeeper_chart_values": gatekeeper_chart_values}
