# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Monitoring filters (monitoring_plan, monitoring_receiver_fallback); documented in the sibling <filter>.yml files."""

from ansible_collections.platform.runtime.plugins.module_utils import alerting, monitoring
from ansible_collections.platform.runtime.plugins.plugin_utils import filters


def monitoring_plan(config):
    return filters.call("monitoring_plan", monitoring.plan, filters.mapping("monitoring_plan", config))


def monitoring_receiver_fallback(alerting_settings, teams, environment, available):
    settings, kept, notes = filters.call("monitoring_receiver_fallback", alerting.without_missing_secrets, alerting_settings, teams, environment, available)
    return {"alerting": settings, "teams": kept, "notes": notes}


class FilterModule:
    def filters(self):
        return {"monitoring_plan": monitoring_plan, "monitoring_receiver_fallback": monitoring_receiver_fallback}
