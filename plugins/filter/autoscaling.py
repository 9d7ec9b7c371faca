# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that plan metrics-server and the Cluster Autoscaler; documented in the sibling <filter>.yml files."""

from ansible_collections.platform.runtime.plugins.module_utils import autoscaling
from ansible_collections.platform.runtime.plugins.plugin_utils import filters


def autoscaling_plan(config):
    return filters.call("autoscaling_plan", autoscaling.plan, filters.mapping("autoscaling_plan", config))


class FilterModule:
    def filters(self):
        return {"autoscaling_plan": autoscaling_plan}
