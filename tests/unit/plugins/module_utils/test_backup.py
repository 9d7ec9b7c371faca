# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import backup
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.readiness import evaluate

BUCKET = {"bucket": {"name": "acme-velero"}}


@pytest.mark.parametrize(
    "expr, hours",
    [
        ("0 2 * * *", 24),
        ("0 3 * * 0", 168),
        ("0 3 * * sun", 168),
        ("*/15 * * * *", 0.25),
        ("0 0 1 * *", 31 * 24),
        ("0 2 * * 1,4", 96),
        ("30 1-5/2 * * *", 20),
        ("@daily", 24),
        ("@every 36h", 36),
        ("0 0 1 1 *", 366 * 24),
    ],
)
def test_cron_max_interval(expr, hours):
    assert backup.cron_max_interval(expr) == hours * 3600


@pytest.mark.parametrize("expr", ["", "0 2 * *", "61 * * * *", "0 24 * * *", "0 2 * * 8", "0 5-2 * * *", "*/0 * * * *", "daily", "0 2 * * mon-"])
def test_cron_refused(expr):
    with pytest.raises(backup.CronError):
        backup.cron_max_interval(expr)


@pytest.mark.parametrize("name", ["acme-velero", "a.b-c", "abc", "x" * 63])
def test_bucket_names_accepted(name):
    assert backup.is_bucket_name(name)


@pytest.mark.parametrize(
    "name",
    ["ab", "x" * 64, "Acme", "acme_velero", "-acme", "acme-", "a..b", "a.-b", "192.168.1.1", "xn--acme", "sthree-x", "acme-s3alias", "acme--ol-s3", "", None],
)
def test_bucket_names_refused(name):
    assert not backup.is_bucket_name(name)


def test_presets_prod_daily_30_days_others_weekly_7_days():
    prod = backup.plan({"environment": "prod", "settings": BUCKET})
    assert prod["settings"]["schedules"] == {"daily": {"schedule": "0 2 * * *", "ttl": "720h"}}
    assert prod["lifecycle"]["expiration_days"] == 31
    for env in ("staging", "dev", "local"):
        p = backup.plan({"environment": env, "settings": BUCKET})
        assert p["settings"]["schedules"] == {"weekly": {"schedule": "0 3 * * 0", "ttl": "168h"}}
        assert p["intervals"]["weekly"] == {"interval_seconds": 604800, "ttl_seconds": 604800.0}


def test_overriding_schedules_replaces_the_preset():
    p = backup.plan({"environment": "prod", "settings": dict(BUCKET, schedules={"hourly": {"schedule": "0 * * * *", "ttl": "72h"}})})
    assert list(p["values"]["schedules"]) == ["hourly"]


def test_bad_input_is_reported_together_naming_field_value_and_expectation():
    settings = {
        "bucket": {"name": "Bad_Bucket", "s3_url": "ftp://x"},
        "schedules": {"daily": {"schedule": "0 25 * * *", "ttl": "720"}, "weekly": {"schedule": "0 3 * * 0", "ttl": "24h"}},
    }
    with pytest.raises(ValidationError) as e:
        backup.plan({"environment": "prod", "settings": settings})
    errors = e.value.errors
    assert any(m.startswith("backup: bucket.name='Bad_Bucket': expected an S3 bucket name") for m in errors)
    assert any("bucket.s3_url='ftp://x'" in m for m in errors)
    assert any(m.startswith("backup: schedules.daily.schedule='0 25 * * *': expected a cron expression") and "hour field" in m for m in errors)
    assert "backup: schedules.daily.ttl='720': expected a duration with a unit such as 720h or 168h (a bare number has no unit)" in errors
    assert any(m.startswith("backup: schedules.weekly.ttl='24h': expected a retention at least as long as the schedule's interval (168h)") for m in errors)
    assert len(errors) == 5


def test_values_credentials_and_service_account():
    p = backup.plan({"environment": "local", "settings": dict(BUCKET, credentials_secret="velero-s3")})
    assert p["values"]["credentials"] == {"useSecret": True, "existingSecret": "velero-s3"}
    eks = backup.plan(
        {
            "environment": "prod",
            "settings": dict(BUCKET, service_account={"name": "velero", "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/v"}}),
        }
    )
    assert eks["values"]["credentials"] == {"useSecret": False}
    assert eks["values"]["serviceAccount"]["server"]["annotations"] == {"eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/v"}


def test_snapshots_add_a_volume_snapshot_location_and_schedule_namespaces_come_from_teams():
    teams = [{"name": "payments", "environments": ["prod"]}, {"name": "web", "environments": ["dev"]}, {"name": "ops", "namespace": {"prod": "ops-live"}}]
    p = backup.plan({"environment": "prod", "settings": dict(BUCKET, snapshots=True, namespaces=["monitoring"]), "teams": teams})
    assert p["values"]["configuration"]["volumeSnapshotLocation"] == [{"name": "default", "provider": "aws", "config": {"region": "us-east-1"}}]
    assert p["values"]["snapshotsEnabled"] is True
    assert p["namespaces"] == ["monitoring", "ops-live", "payments-prod"]
    assert p["values"]["schedules"]["daily"]["template"]["includedNamespaces"] == p["namespaces"]


def test_restore_object_and_name():
    r = backup.restore(backup.restore_name("velero-daily-1", "payments-prod"), "velero-daily-1", "payments-prod")
    assert r["metadata"]["name"] == "velero-daily-1-payments-prod"
    assert r["spec"] == {"backupName": "velero-daily-1", "includedNamespaces": ["payments-prod"], "restorePVs": True, "existingResourcePolicy": "none"}
    long = backup.restore_name("b" * 60, "payments-prod")
    assert len(long) <= 63 and long == backup.restore_name("b" * 60, "payments-prod")
    with pytest.raises(ValidationError, match=r"restore: namespace='Payments': expected a DNS-1123 label"):
        backup.restore("x", "b", "Payments")


# The readiness rule wait_ready uses for velero.io Restores (restore.yml).
@pytest.mark.parametrize(
    "status, state, reason, message",
    [
        ({}, "progressing", "New", "0 error(s), 0 warning(s)"),
        ({"phase": "InProgress"}, "progressing", "InProgress", "0 error(s), 0 warning(s)"),
        ({"phase": "Completed", "warnings": 2}, "ready", "Completed", "0 error(s), 2 warning(s)"),
        ({"phase": "PartiallyFailed", "errors": 3}, "failed", "PartiallyFailed", "3 error(s), 0 warning(s)"),
        ({"phase": "Failed", "failureReason": "backup not found"}, "failed", "Failed", "backup not found; 0 error(s), 0 warning(s)"),
        (
            {"phase": "FailedValidation", "validationErrors": ["backup x not found"]},
            "failed",
            "FailedValidation",
            "backup x not found; 0 error(s), 0 warning(s)",
        ),
    ],
)
def test_velero_restore(status, state, reason, message):
    obj = {"apiVersion": "velero.io/v1", "kind": "Restore", "metadata": {"name": "r", "generation": 1}, "status": status}
    assert evaluate(obj) == {"state": state, "reason": reason, "message": message}


def test_restore_of_another_group_is_generic():
    assert evaluate({"apiVersion": "example.com/v1", "kind": "Restore", "metadata": {"name": "r"}})["reason"] == "Exists"


def test_bucket_drift_predicts_check_mode():
    plan = backup.plan({"environment": "prod", "settings": {"bucket": {"name": "acme-velero", "prefix": "prod"}}})
    tags = {"env": "prod"}
    good = {
        "bucket_versioning": {"Status": "Enabled"},
        "bucket_encryption": {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}},
        "public_access_block": {
            "PublicAccessBlockConfiguration": dict.fromkeys(("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True)
        },
        "bucket_tagging": {"env": "prod"},
        "bucket_lifecycle_configuration": {
            "Rules": [
                {
                    "ID": "velero-retention",
                    "Status": "Enabled",
                    "Filter": {"Prefix": "prod/"},
                    "Expiration": {"Days": 31},
                    "NoncurrentVersionExpiration": {"NoncurrentDays": 1},
                }
            ]
        },
    }
    assert backup.bucket_drift(good, plan, tags) == []
    assert backup.bucket_drift(None, plan, tags) == ["create bucket acme-velero"]
    drifted = dict(good, bucket_versioning={"Status": "Suspended"}, bucket_tagging={}, public_access_block={})
    drifted["bucket_lifecycle_configuration"] = {"Rules": [dict(good["bucket_lifecycle_configuration"]["Rules"][0], Expiration={"Days": 8})]}
    assert backup.bucket_drift(drifted, plan, tags) == [
        "enable versioning",
        "block public access",
        "set tags",
        "set lifecycle rule velero-retention (expire after 31 days)",
    ]
    assert backup.bucket_drift(good, plan, tags, encryption="aws:kms") == ["set encryption aws:kms"]


def test_each_cluster_gets_its_own_location_and_schedule_names():
    use1 = backup.plan({"environment": "prod", "cluster": "prod-use1", "region": "us-east-1", "settings": {"bucket": {"name": "acme-velero-prod-use1"}}})
    usw2 = backup.plan({"environment": "prod", "cluster": "prod-usw2", "region": "us-west-2", "settings": {"bucket": {"name": "acme-velero-prod-usw2"}}})
    for p, cluster, region in ((use1, "prod-use1", "us-east-1"), (usw2, "prod-usw2", "us-west-2")):
        bsl = p["values"]["configuration"]["backupStorageLocation"][0]
        assert bsl["bucket"] == f"acme-velero-{cluster}" and bsl["prefix"] == cluster and bsl["config"]["region"] == region
        assert list(p["values"]["schedules"]) == [f"daily-{cluster}"]
        assert p["lifecycle"]["prefix"] == cluster + "/"
    # A shared bucket still gives each cluster a prefix of its own; an explicit region and prefix win.
    shared = backup.plan({"environment": "prod", "cluster": "prod-usw2", "region": "us-west-2", "settings": {"bucket": {"name": "one", "region": "eu-west-1"}}})
    assert shared["settings"]["bucket"] == dict(shared["settings"]["bucket"], region="eu-west-1", prefix="prod-usw2")
    named = backup.plan({"environment": "prod", "cluster": "prod-usw2", "settings": {"bucket": {"name": "one", "prefix": "x/y"}}})
    assert named["settings"]["bucket"]["prefix"] == "x/y"
    # Without a cluster nothing changes (the role always passes one).
    bare = backup.plan({"environment": "prod", "settings": {"bucket": {"name": "one"}}})
    assert list(bare["values"]["schedules"]) == ["daily"] and "prefix" not in bare["values"]["configuration"]["backupStorageLocation"][0]


def test_a_cluster_name_that_cannot_be_part_of_a_schedule_name_is_refused():
    with pytest.raises(ValidationError) as err:
        backup.plan({"environment": "prod", "cluster": "Prod_USE1", "settings": {"bucket": {"name": "one"}}})
    assert "backup: cluster='Prod_USE1': expected a DNS-1123 label of at most 20 characters" in str(err.value)


def test_a_restore_from_another_cluster_reads_its_location_read_only():
    loc = backup.foreign_location(
        {"environment": "prod", "cluster": "prod-usw2", "region": "us-west-2", "settings": {"bucket": {"name": "acme-velero-prod-usw2"}}}, "velero"
    )
    assert loc["kind"] == "BackupStorageLocation" and loc["metadata"] == {
        "name": "from-prod-usw2",
        "namespace": "velero",
        "labels": {"app.kubernetes.io/managed-by": "platform.runtime"},
    }
    assert loc["spec"] == {
        "provider": "aws",
        "objectStorage": {"bucket": "acme-velero-prod-usw2", "prefix": "prod-usw2"},
        "config": {"region": "us-west-2"},
        "accessMode": "ReadOnly",
    }
    minio = backup.foreign_location(
        {"environment": "dev", "cluster": "b", "settings": {"bucket": {"name": "velero", "s3_url": "http://minio:9000"}, "credentials_secret": "s3"}}
    )
    assert minio["spec"]["credential"] == {"name": "s3", "key": "cloud"} and minio["spec"]["config"]["s3ForcePathStyle"] == "true"
    with pytest.raises(ValidationError) as err:
        backup.foreign_location({"environment": "prod", "settings": {"bucket": {"name": "one"}}})
    assert "restore: from_cluster: expected the name of another cluster" in str(err.value)


def test_replication_configuration_and_its_view():
    cfg = backup.replication_configuration("arn:aws:iam::123456789012:role/r", "replica-bucket", "prod-use1/")
    assert cfg["Rules"][0]["Destination"] == {"Bucket": "arn:aws:s3:::replica-bucket", "StorageClass": "STANDARD"}
    assert cfg["Rules"][0]["DeleteMarkerReplication"] == {"Status": "Disabled"}
    view = backup.replication_view(cfg)
    # What S3 returns may carry more (and the old top-level Prefix); the view compares the managed fields only.
    returned = {"Role": cfg["Role"], "Rules": [dict(cfg["Rules"][0], Destination=dict(cfg["Rules"][0]["Destination"], Account="1"))]}
    assert backup.replication_view(returned) == view and backup.replication_view(None) is None
    with pytest.raises(ValidationError) as err:
        backup.replication_configuration("role", "Bad_Bucket", "/x", storage_class="COLD")
    text = str(err.value)
    assert "backup replication: role_arn='role': expected an IAM role ARN" in text
    assert "backup replication: bucket='Bad_Bucket'" in text and "prefix='/x'" in text and "storage_class='COLD'" in text


def test_bucket_drift_reads_amazon_aws_11_facts_unwrapped():
    """amazon.aws 11's s3_bucket_info returns the encryption and public-access configurations without their wrapper."""
    plan = backup.plan({"environment": "prod", "settings": {"bucket": {"name": "acme-velero", "prefix": "prod"}}})
    facts = {
        "bucket_versioning": {"Status": "Enabled"},
        "bucket_encryption": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
        "public_access_block": dict.fromkeys(("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True),
        "bucket_tagging": {"env": "prod"},
    }
    drift = backup.bucket_drift(facts, plan, {"env": "prod"})
    assert "set encryption AES256" not in drift and "block public access" not in drift
    assert backup.bucket_drift(dict(facts, public_access_block={"BlockPublicAcls": True}), plan, {"env": "prod"})[0] == "block public access"
