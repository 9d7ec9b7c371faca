# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter that plans monitoring (monitoring_plan); documented in the sibling monitoring_plan.yml."""

from ansible_collections.platform.runtime.plugins.module_utils import monitoring
from ansible_collections.platform.runtime.plugins.plugin_utils import filters


def monitoring_plan(config):
    return filters.call("monitoring_plan", monitoring.plan, filters.mapping("monitoring_plan", config))


class FilterModule:
    def filters(self):
        return {"monitoring_plan": monitoring_plan}
