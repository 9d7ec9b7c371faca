# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup bucket's S3 flows over a client: cross-region replication (backup_bucket_replication)."""

from __future__ import annotations

from ansible_collections.platform.runtime.plugins.module_utils import aws, backup


def connect(module):
    """The S3 client of an AnsibleAWSModule (credentials, region, endpoint and retries resolved by amazon.aws)."""
    return module.client("s3")


def read_replication(api, bucket):
    try:
        return aws.RETRY(api.get_bucket_replication)(Bucket=bucket).get("ReplicationConfiguration")
    except aws.ClientError as e:
        if aws.error_code(e) == "ReplicationConfigurationNotFoundError":
            return None
        raise aws.AWSError(f"bucket {bucket}: get_bucket_replication failed: {aws.aws_reason(e)}") from e


def replication(api, params, check_mode=False, want_diff=False):
    """Read, compare the managed fields, put or delete, re-read."""
    bucket = params["bucket"]
    desired = None
    if params["state"] == "present":
        desired = backup.replication_configuration(
            params["role_arn"], params["destination_bucket"], params["prefix"], params["rule_id"], params["storage_class"]
        )
    before = backup.replication_view(read_replication(api, bucket))
    after = backup.replication_view(desired)
    changed = before != after
    if changed and not check_mode:
        if desired:
            aws.call(api, "put_bucket_replication", f"bucket {bucket}", Bucket=bucket, ReplicationConfiguration=desired)
        else:
            aws.call(api, "delete_bucket_replication", f"bucket {bucket}", Bucket=bucket)
        after = backup.replication_view(read_replication(api, bucket))
    result = {"changed": changed, "replication": after}
    if want_diff:
        result["diff"] = {"before": before or {}, "after": after or {}}
    return result
