#!/usr/bin/python
# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: backup_bucket_replication
short_description: Replicate a Velero backup bucket to a bucket in another region (S3 replication)
version_added: 0.1.0
description:
  - Sets the S3 replication configuration of O(bucket) to one rule that copies every object under O(prefix) to
    O(destination_bucket), or removes it with O(state=absent). amazon.aws.s3_bucket has no replication option; this
    module uses amazon.aws's connection handling (credentials, region, endpoint, retries) and the S3 API.
  - Both buckets must have versioning on; the backup role creates the destination bucket like the source.
  - Delete markers are not replicated, so a backup deleted in one region stays in the other until its own lifecycle
    rule expires it.
  - Compares the managed fields (role, rule ID, priority, status, prefix, delete-marker replication, destination,
    storage class) and writes only when they differ; the result is read back from S3 after a change.
author:
  - platform.runtime contributors (@platform-runtime)
extends_documentation_fragment:
  - platform.runtime.attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
options:
  bucket:
    description: The source bucket (the cluster's backup bucket).
    type: str
    required: true
  state:
    description: V(present) sets the replication; V(absent) removes the bucket's replication configuration.
    type: str
    choices: [present, absent]
    default: present
  destination_bucket:
    description: The bucket in the other region. Required with O(state=present).
    type: str
  role_arn:
    description: The IAM role S3 assumes to replicate (read the source, write the destination). Required with O(state=present).
    type: str
  prefix:
    description: Replicate only objects under this prefix (the cluster's backup prefix); empty replicates everything.
    type: str
    default: ""
  rule_id:
    description: ID of the replication rule.
    type: str
    default: velero-replication
  storage_class:
    description: Storage class of the replicas.
    type: str
    choices: [STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, GLACIER_IR, DEEP_ARCHIVE]
    default: STANDARD
"""

EXAMPLES = r"""
- name: Copy prod-use1's backups to us-west-2
  platform.runtime.backup_bucket_replication:
    bucket: acme-platform-velero-prod-use1
    region: us-east-1
    destination_bucket: acme-platform-velero-prod-use1-replica
    role_arn: arn:aws:iam::111122223333:role/velero-replication
    prefix: prod-use1/
"""

RETURN = r"""
replication:
  description: The managed fields of the bucket's replication configuration after the run (null when there is none).
  returned: always
  type: dict
  sample:
    Role: arn:aws:iam::111122223333:role/velero-replication
    Rules:
      - {ID: velero-replication, Priority: 1, Status: Enabled, Prefix: prod-use1/, DeleteMarkerReplication: Disabled,
         Bucket: "arn:aws:s3:::acme-platform-velero-prod-use1-replica", StorageClass: STANDARD}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform.runtime.plugins.module_utils import backup, backup_service, runner

ARGUMENT_SPEC = dict(
    bucket=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    destination_bucket=dict(type="str"),
    role_arn=dict(type="str"),
    prefix=dict(type="str", default=""),
    rule_id=dict(type="str", default="velero-replication"),
    storage_class=dict(type="str", choices=list(backup.REPLICATION_STORAGE_CLASSES), default="STANDARD"),
)


def main():
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True, required_if=[("state", "present", ("destination_bucket", "role_arn"))])
    runner.run(module, lambda ctx: backup_service.replication(ctx.client, ctx.params, ctx.check_mode, ctx.diff), connect=backup_service.connect)


if __name__ == "__main__":
    main()
