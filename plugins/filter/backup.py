# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup filters (backup_plan, velero_restore, velero_foreign_location, backup_bucket_drift); documented in the sibling <filter>.yml files."""

from ansible_collections.platform.runtime.plugins.module_utils import backup
from ansible_collections.platform.runtime.plugins.plugin_utils import filters


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
            "backup_plan": backup_plan,
            "velero_restore": velero_restore,
            "backup_bucket_drift": backup_bucket_drift,
            "velero_foreign_location": velero_foreign_location,
        }
