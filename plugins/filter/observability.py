# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that plan monitoring and backups and build Velero restores; documented in the sibling <filter>.yml files."""

from ansible_collections.platform.runtime.plugins.module_utils import alerting, backup, monitoring
from ansible_collections.platform.runtime.plugins.plugin_utils import filters


def monitoring_plan(config):
    return filters.call("monitoring_plan", monitoring.plan, filters.mapping("monitoring_plan", config))


def monitoring_receiver_fallback(alerting_settings, teams, environment, available):
    settings, kept, notes = filters.call("monitoring_receiver_fallback", alerting.without_missing_secrets, alerting_settings, teams, environment, available)
    return {"alerting": settings, "teams": kept, "notes": notes}


def backup_plan(config):
    return filters.call("backup_plan", backup.plan, filters.mapping("backup_plan", config))


def velero_restore(backup_name, namespace, name=None, velero_namespace="velero", restore_pvs=True, existing_resource_policy="none"):
    name = name or backup.restore_name(str(backup_name), str(namespace))
    return filters.call("velero_restore", backup.restore, name, backup_name, namespace, velero_namespace, restore_pvs, existing_resource_policy)


def velero_foreign_location(config, velero_namespace="velero"):
    return filters.call("velero_foreign_location", backup.foreign_location, filters.mapping("velero_foreign_location", config), velero_namespace)


def backup_bucket_drift(bucket, plan, tags, encryption="AES256"):
    return filters.call("backup_bucket_drift", backup.bucket_drift, bucket, plan, tags, encryption)


class FilterModule:
    def filters(self):
        return {
            "monitoring_plan": monitoring_plan,
            "monitoring_receiver_fallback": monitoring_receiver_fallback,
            "backup_plan": backup_plan,
            "velero_restore": velero_restore,
            "backup_bucket_drift": backup_bucket_drift,
            "velero_foreign_location": velero_foreign_location,
        }
