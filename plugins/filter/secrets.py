# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that plan the External Secrets Operator, its stores and the teams' ExternalSecrets; documented in <filter>.yml."""

from ansible_collections.platform.runtime.plugins.module_utils import sealed_secrets, secrets
from ansible_collections.platform.runtime.plugins.plugin_utils import filters


def secrets_plan(config):
    return filters.call("secrets_plan", secrets.plan, filters.mapping("secrets_plan", config))


def sealed_secrets_plan(config):
    return filters.call("sealed_secrets_plan", sealed_secrets.plan, filters.mapping("sealed_secrets_plan", config))


class FilterModule:
    def filters(self):
        return {"secrets_plan": secrets_plan, "sealed_secrets_plan": sealed_secrets_plan}
