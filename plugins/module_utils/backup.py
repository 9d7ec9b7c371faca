# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Velero backups as data: settings per environment, validation, chart values, schedules and restores (no I/O).

``plan(config)`` validates everything first (cron expressions, TTLs, the bucket name, retention against the
schedule's interval) and raises ``ValidationError`` listing every problem before anything is applied.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import ipaddress
import math
import re

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.helm_values import deep_merge
from ansible_collections.platform.runtime.plugins.module_utils.onboarding import namespace_for
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, is_dns1123_label, parse_duration

VELERO_CHART_VERSION = "12.1.0"
VELERO_AWS_PLUGIN_IMAGE = "velero/velero-plugin-for-aws:v1.13.1"
VELERO_API = "velero.io/v1"

# prod: daily, kept 30 days; every other environment: weekly, kept 7 days.
PRESETS = {
    "prod": {"schedules": {"daily": {"schedule": "0 2 * * *", "ttl": "720h"}}},
    "default": {"schedules": {"weekly": {"schedule": "0 3 * * 0", "ttl": "168h"}}},
}

DEFAULTS = {
    "namespace": "velero",
    "release_name": "velero",
    "chart_version": VELERO_CHART_VERSION,
    "plugin_image": VELERO_AWS_PLUGIN_IMAGE,
    "provider": "aws",
    "bucket": {"name": "", "region": "us-east-1", "prefix": "", "s3_url": "", "force_path_style": False},
    "credentials_secret": "",
    "service_account": {"name": "velero", "annotations": {}},
    "snapshots": False,
    "snapshot_region": "",
    "include_team_namespaces": True,
    "namespaces": [],
    "labelled_namespaces": [],
    "schedules": None,
    "lifecycle_grace_days": 1,
    "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}},
}

# Restore phases (velero.io/v1 RestoreStatus.phase).
RESTORE_DONE = "Completed"
RESTORE_FAILED = ("PartiallyFailed", "Failed", "FailedValidation")

# ---------------------------------------------------------------------------------------------------
# cron: 5 fields as robfig/cron (Velero's parser) reads them, plus @yearly..@hourly and @every <duration>.
_CRON_FIELDS = (
    ("minute", 0, 59, None),
    ("hour", 0, 23, None),
    ("day of month", 1, 31, None),
    ("month", 1, 12, ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
    ("day of week", 0, 6, ("sun", "mon", "tue", "wed", "thu", "fri", "sat")),
)
_DESCRIPTORS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}


class CronError(ValueError):
    pass


def _cron_value(text, low, high, names):
    if names and text.lower() in names:
        return names.index(text.lower()) + low
    if not text.isdigit():
        raise CronError(f"{text!r} is not a number")
    value = int(text)
    if not low <= value <= high:
        raise CronError(f"{value} is outside {low}-{high}")
    return value


def _cron_field(text, name, low, high, names):
    out = set()
    for part in text.split(","):
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"{name}: step {step_text!r} is not a positive number")
            step = int(step_text)
        if part in ("*", "?"):
            start, end = low, high
        elif "-" in part:
            a, b = part.split("-", 1)
            start, end = _cron_value(a, low, high, names), _cron_value(b, low, high, names)
            if start > end:
                raise CronError(f"{name}: range {part!r} runs backwards")
        else:
            start = _cron_value(part, low, high, names)
            end = high if step > 1 else start
        out.update(range(start, end + 1, step))
    return out


def parse_cron(expr):
    """(minutes, hours, days of month, months, days of week, dom restricted, dow restricted) or CronError."""
    if not isinstance(expr, str) or not expr.strip():
        raise CronError("empty")
    expr = expr.strip()
    if expr.startswith("@every "):
        return ("every", parse_duration(expr[7:].strip()))
    expr = _DESCRIPTORS.get(expr, expr)
    fields = expr.split()
    if len(fields) != 5:
        raise CronError(f"{len(fields)} fields, expected 5 (minute hour day-of-month month day-of-week)")
    sets = []
    for text, (name, low, high, names) in zip(fields, _CRON_FIELDS):
        try:
            sets.append(_cron_field(text, name, low, high, names))
        except CronError as e:
            raise CronError(f"{name} field {text!r}: {e}") from None
    return tuple(sets) + (fields[2] not in ("*", "?"), fields[4] not in ("*", "?"))


def cron_max_interval(expr):
    """The longest gap in seconds between two runs of ``expr`` (over two years, leap day included)."""
    parsed = parse_cron(expr)
    if parsed[0] == "every":
        return parsed[1]
    minutes, hours, doms, months, dows, dom_set, dow_set = parsed
    day_times = sorted(h * 60 + m for h in hours for m in minutes)
    start = datetime.date(2027, 1, 1)
    runs = []
    for offset in range(2 * 366 + 365):
        day = start + datetime.timedelta(days=offset)
        if day.month not in months:
            continue
        dom_ok, dow_ok = day.day in doms, (day.isoweekday() % 7) in dows
        # robfig/cron: when both day fields are restricted, either one matching is enough.
        if (dom_ok or dow_ok) if (dom_set and dow_set) else (dom_ok and dow_ok):
            base = offset * 1440
            runs.extend(base + t for t in day_times)
    if len(runs) < 2:
        raise CronError("runs less than twice in three years")
    return max(b - a for a, b in zip(runs, runs[1:])) * 60


# ---------------------------------------------------------------------------------------------------
_BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_BUCKET_BAD_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_BUCKET_BAD_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
BUCKET_HINT = (
    "an S3 bucket name: 3-63 characters of lowercase letters, digits, '.' and '-', starting and ending with a letter "
    "or digit, no '..', not an IP address, not starting with xn--/sthree-/amzn-s3-demo- or ending with -s3alias/--ol-s3"
)


def is_bucket_name(name):
    if not isinstance(name, str) or not _BUCKET_RE.match(name) or ".." in name or ".-" in name or "-." in name:
        return False
    if name.startswith(_BUCKET_BAD_PREFIXES) or name.endswith(_BUCKET_BAD_SUFFIXES):
        return False
    try:
        ipaddress.IPv4Address(name)
        return False
    except ValueError:
        return True


def _ttl_seconds(errs, field, ttl):
    if not isinstance(ttl, str) or not ttl or ttl[-1].isdigit():
        errs.add(field, ttl, "a duration with a unit such as 720h or 168h (a bare number has no unit)")
        return None
    try:
        return parse_duration(ttl, ("s", "m", "h"))
    except ValueError:
        errs.add(field, ttl, "a duration with a unit such as 720h or 168h (units s, m, h)")
        return None


def settings_for(environment, overrides=None, cluster="", region=""):
    """The built-in defaults and the environment's preset, with ``overrides`` merged over them.

    ``cluster`` and ``region`` (the cluster's own) give each cluster a location of its own by default: the bucket in the
    cluster's region, and the cluster as the prefix when the settings name none.
    """
    preset = PRESETS.get(environment, PRESETS["default"])
    merged = deep_merge(DEFAULTS, preset)
    if region:
        merged = deep_merge(merged, {"bucket": {"region": region}})
    if overrides and overrides.get("schedules") is not None:
        merged["schedules"] = {}
    merged = deep_merge(merged, overrides or {})
    merged["cluster"] = cluster or ""
    if cluster and not merged["bucket"].get("prefix"):
        merged["bucket"]["prefix"] = cluster
    return merged


def schedule_name(name, cluster):
    """The Schedule's name in the chart's values: the cluster is part of it, so its backups say where they were taken."""
    return f"{name}-{cluster}" if cluster else name


def validate(settings):
    """Every problem of the merged settings, as one ValidationError; returns the schedules' run intervals."""
    errs = Errors(prefix="backup: ")
    errs.dns1123_label("namespace", settings.get("namespace"))
    errs.dns1123_label("release_name", settings.get("release_name"))
    bucket = settings.get("bucket") or {}
    errs.require(is_bucket_name(bucket.get("name")), "bucket.name", bucket.get("name"), BUCKET_HINT)
    errs.require(isinstance(bucket.get("region"), str) and bool(bucket.get("region")), "bucket.region", bucket.get("region"), "an AWS region such as eu-west-1")
    prefix = bucket.get("prefix") or ""
    errs.require(
        isinstance(prefix, str) and not prefix.startswith("/") and not prefix.endswith("/"), "bucket.prefix", prefix, "a path without leading or trailing '/'"
    )
    if bucket.get("s3_url"):
        errs.url("bucket.s3_url", bucket["s3_url"], schemes=("https", "http"))
    cred = settings.get("credentials_secret")
    if cred:
        errs.dns1123_subdomain("credentials_secret", cred)
    sa = settings.get("service_account") or {}
    errs.dns1123_subdomain("service_account.name", sa.get("name"))
    if sa.get("annotations") is not None:
        errs.mapping("service_account.annotations", sa["annotations"])
    errs.integer("lifecycle_grace_days", settings.get("lifecycle_grace_days"), low=0, high=3650)
    for i, ns in enumerate(list(settings.get("namespaces") or []) + list(settings.get("labelled_namespaces") or [])):
        errs.require(is_dns1123_label(ns), f"namespaces[{i}]", ns, "a namespace name (DNS-1123 label)")
    schedules = settings.get("schedules") or {}
    errs.require(isinstance(schedules, dict) and bool(schedules), "schedules", schedules, "a mapping of schedule name -> {schedule, ttl}")
    intervals = {}
    for name, sched in schedules.items() if isinstance(schedules, dict) else []:
        field = f"schedules.{name}"
        if not errs.dns1123_label(f"{field} (name)", name, max_len=40):
            continue
        if not isinstance(sched, dict):
            errs.add(field, sched, "a mapping with schedule and ttl")
            continue
        interval = None
        try:
            interval = cron_max_interval(sched.get("schedule"))
        except (CronError, ValueError) as e:
            errs.add(f"{field}.schedule", sched.get("schedule"), f"a cron expression 'minute hour day-of-month month day-of-week' ({e})")
        ttl = _ttl_seconds(errs, f"{field}.ttl", sched.get("ttl"))
        if interval and ttl is not None and ttl < interval:
            errs.add(
                f"{field}.ttl",
                sched.get("ttl"),
                f"a retention at least as long as the schedule's interval ({_hours(interval)}): otherwise there are times with no backup",
            )
        intervals[name] = {"interval_seconds": interval, "ttl_seconds": ttl}
    errs.raise_if_any(ValidationError)
    return intervals


def _hours(seconds):
    return f"{seconds / 3600:g}h"


def backup_namespaces(settings, teams, environment):
    """Team namespaces of this environment (from the inventory), platform namespaces asked for, and labelled ones."""
    out = []
    if settings.get("include_team_namespaces", True):
        for team in teams or []:
            if isinstance(team, dict) and team.get("name") and environment in (team.get("environments") or [environment]):
                out.append(namespace_for(team, environment))
    out += list(settings.get("namespaces") or []) + list(settings.get("labelled_namespaces") or [])
    return sorted(set(out))


def schedules(settings, namespaces):
    """The chart's ``schedules`` value: one Schedule per entry, backing up ``namespaces`` (all when empty)."""
    out = {}
    cluster = settings.get("cluster") or ""
    for name, sched in sorted((settings.get("schedules") or {}).items()):
        template = {"ttl": sched["ttl"], "storageLocation": "default", "snapshotVolumes": bool(settings.get("snapshots"))}
        if namespaces:
            template["includedNamespaces"] = list(namespaces)
        if settings.get("snapshots"):
            template["volumeSnapshotLocations"] = ["default"]
        out[schedule_name(name, cluster)] = {"disabled": False, "schedule": sched["schedule"], "useOwnerReferencesInBackup": False, "template": template}
    return out


def chart_values(settings, namespaces):
    """kube values for the Velero chart: AWS plugin init container, existing credentials Secret, BSL, VSL, schedules."""
    bucket = settings["bucket"]
    bsl_config = {"region": bucket["region"]}
    if bucket.get("s3_url"):
        bsl_config["s3Url"] = bucket["s3_url"]
        bsl_config["s3ForcePathStyle"] = "true"
    elif bucket.get("force_path_style"):
        bsl_config["s3ForcePathStyle"] = "true"
    bsl = {"name": "default", "provider": settings["provider"], "bucket": bucket["name"], "default": True, "config": bsl_config}
    if bucket.get("prefix"):
        bsl["prefix"] = bucket["prefix"]
    sa = settings.get("service_account") or {}
    values = {
        "initContainers": [
            {
                "name": "velero-plugin-for-aws",
                "image": settings["plugin_image"],
                "imagePullPolicy": "IfNotPresent",
                "volumeMounts": [{"mountPath": "/target", "name": "plugins"}],
                # It only copies the plugin binary; Gatekeeper's limits and requests constraints ask for these.
                "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"cpu": "100m", "memory": "128Mi"}},
            }
        ],
        "resources": copy.deepcopy(settings["resources"]),
        "upgradeCRDs": False,
        "configuration": {"backupStorageLocation": [bsl], "volumeSnapshotLocation": []},
        "backupsEnabled": True,
        "snapshotsEnabled": bool(settings.get("snapshots")),
        "serviceAccount": {"server": {"create": True, "name": sa.get("name") or "velero", "annotations": dict(sa.get("annotations") or {})}},
        "schedules": schedules(settings, namespaces),
    }
    if settings.get("credentials_secret"):
        values["credentials"] = {"useSecret": True, "existingSecret": settings["credentials_secret"]}
    else:
        # Pod Identity / IRSA: the service account carries the AWS access, no key file.
        values["credentials"] = {"useSecret": False}
    if settings.get("snapshots"):
        values["configuration"]["volumeSnapshotLocation"] = [
            {"name": "default", "provider": settings["provider"], "config": {"region": settings.get("snapshot_region") or bucket["region"]}}
        ]
    return values


def lifecycle(settings):
    """Bucket lifecycle matching the longest TTL: current objects expire that many days (plus grace) after creation."""
    ttls = [parse_duration(s["ttl"]) for s in (settings.get("schedules") or {}).values()]
    days = math.ceil(max(ttls) / 86400) + int(settings.get("lifecycle_grace_days") or 0)
    return {
        "rule_id": "velero-retention",
        "prefix": (settings["bucket"].get("prefix") or "").strip("/") + ("/" if settings["bucket"].get("prefix") else ""),
        "expiration_days": days,
        "noncurrent_version_expiration_days": max(1, int(settings.get("lifecycle_grace_days") or 0)),
        "status": "enabled",
    }


def plan(config):
    """Validate and build everything the backup role applies.

    ``config``: environment, settings (overrides), teams (the inventory's platform_teams).
    """
    environment = config.get("environment")
    if not isinstance(environment, str) or not environment:
        raise ValidationError([f"backup: environment={environment!r}: expected the environment name (platform_environment)"])
    cluster = config.get("cluster") or ""
    if cluster and not is_dns1123_label(cluster, max_len=20):
        raise ValidationError([f"backup: cluster={cluster!r}: expected a DNS-1123 label of at most 20 characters (it is part of the Schedule names)"])
    settings = settings_for(environment, config.get("settings"), cluster, config.get("region") or "")
    intervals = validate(settings)
    namespaces = backup_namespaces(settings, config.get("teams"), environment)
    return {
        "settings": settings,
        "namespaces": namespaces,
        "intervals": intervals,
        "values": chart_values(settings, namespaces),
        "lifecycle": lifecycle(settings),
    }


def storage_location(settings, name="default", read_only=False):
    """The velero.io/v1 BackupStorageLocation spec of ``settings`` (the chart builds the cluster's own from the same data)."""
    bucket = settings["bucket"]
    config = {"region": bucket["region"]}
    if bucket.get("s3_url"):
        config["s3Url"] = bucket["s3_url"]
        config["s3ForcePathStyle"] = "true"
    elif bucket.get("force_path_style"):
        config["s3ForcePathStyle"] = "true"
    spec = {"provider": settings["provider"], "objectStorage": {"bucket": bucket["name"]}, "config": config}
    if bucket.get("prefix"):
        spec["objectStorage"]["prefix"] = bucket["prefix"]
    if settings.get("credentials_secret"):
        spec["credential"] = {"name": settings["credentials_secret"], "key": "cloud"}
    if read_only:
        spec["accessMode"] = "ReadOnly"
    return spec


def foreign_location(config, velero_namespace="velero"):
    """A read-only BackupStorageLocation ``from-<cluster>`` for another cluster's backups (``config`` as for ``plan``).

    Velero syncs the backups of every location into the cluster; read-only, this cluster never writes or deletes there.
    """
    p = plan(config)
    cluster = p["settings"]["cluster"]
    if not cluster:
        raise ValidationError(["restore: from_cluster: expected the name of another cluster of the inventory (its backups are read from its own location)"])
    return {
        "apiVersion": VELERO_API,
        "kind": "BackupStorageLocation",
        "metadata": {"name": f"from-{cluster}", "namespace": velero_namespace, "labels": {"app.kubernetes.io/managed-by": "platform.runtime"}},
        "spec": storage_location(p["settings"], read_only=True),
    }


def restore(name, backup, namespace, velero_namespace="velero", restore_pvs=True, existing_policy="none"):
    """A velero.io/v1 Restore of one namespace from one backup; ValidationError before anything is applied."""
    errs = Errors(prefix="restore: ")
    errs.dns1123_subdomain("backup", backup)
    errs.dns1123_label("namespace", namespace)
    errs.dns1123_subdomain("name", name)
    errs.dns1123_label("velero_namespace", velero_namespace)
    errs.one_of("existing_resource_policy", existing_policy, ("none", "update"))
    errs.raise_if_any(ValidationError)
    return {
        "apiVersion": VELERO_API,
        "kind": "Restore",
        "metadata": {"name": name, "namespace": velero_namespace, "labels": {"app.kubernetes.io/managed-by": "platform.runtime"}},
        "spec": {
            "backupName": backup,
            "includedNamespaces": [namespace],
            "restorePVs": bool(restore_pvs),
            "existingResourcePolicy": existing_policy,
        },
    }


def restore_name(backup, namespace):
    """A stable Restore name for (backup, namespace): a re-run finds the same Restore instead of starting another."""
    name = f"{backup}-{namespace}"
    if len(name) > 63:
        name = f"{name[:52]}-{hashlib.sha256(name.encode()).hexdigest()[:10]}"
    return name.strip("-.")


def bucket_drift(bucket, plan, tags, encryption="AES256"):
    """What creating or updating the bucket would change, from amazon.aws.s3_bucket_info's facts (None: no bucket).

    amazon.aws.s3_bucket and community.aws.s3_lifecycle have no check mode; the role predicts with this instead.
    """
    if not bucket:
        return [f"create bucket {plan['settings']['bucket']['name']}"]
    out = []
    if (bucket.get("bucket_versioning") or {}).get("Status") != "Enabled":
        out.append("enable versioning")
    # amazon.aws 10 wraps these facts in their API names, 11 returns the configurations themselves: read both.
    encryption_facts = bucket.get("bucket_encryption") or {}
    rules = (encryption_facts.get("ServerSideEncryptionConfiguration", encryption_facts) or {}).get("Rules") or [{}]
    if (rules[0].get("ApplyServerSideEncryptionByDefault") or {}).get("SSEAlgorithm") != encryption:
        out.append(f"set encryption {encryption}")
    block_facts = bucket.get("public_access_block") or {}
    block = block_facts.get("PublicAccessBlockConfiguration", block_facts) or {}
    if not all(block.get(k) for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")):
        out.append("block public access")
    if (bucket.get("bucket_tagging") or {}) != tags:
        out.append("set tags")
    want = plan["lifecycle"]
    have = [r for r in (bucket.get("bucket_lifecycle_configuration") or {}).get("Rules") or [] if r.get("ID") == want["rule_id"]]
    rule = have[0] if have else {}
    if (
        rule.get("Status") != "Enabled"
        or (rule.get("Expiration") or {}).get("Days") != want["expiration_days"]
        or (rule.get("NoncurrentVersionExpiration") or {}).get("NoncurrentDays") != want["noncurrent_version_expiration_days"]
        or (rule.get("Filter") or {}).get("Prefix", rule.get("Prefix", "")) != want["prefix"]
    ):
        out.append(f"set lifecycle rule {want['rule_id']} (expire after {want['expiration_days']} days)")
    return out


# ---------------------------------------------------------------------------------------------------
# Cross-region replication of the backup bucket (S3 replication; both buckets versioned).
REPLICATION_STORAGE_CLASSES = ("STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE")
_ROLE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")


def replication_configuration(role_arn, destination_bucket, prefix="", rule_id="velero-replication", storage_class="STANDARD"):
    """The S3 ReplicationConfiguration that copies every object under ``prefix`` to ``destination_bucket``.

    Delete markers are not replicated: a backup deleted in one region (TTL, velero delete) stays in the other until the
    destination's own lifecycle rule expires it.
    """
    errs = Errors(prefix="backup replication: ")
    errs.require(isinstance(role_arn, str) and bool(_ROLE_ARN_RE.match(role_arn)), "role_arn", role_arn, "an IAM role ARN that S3 assumes to replicate")
    errs.require(is_bucket_name(destination_bucket), "bucket", destination_bucket, BUCKET_HINT)
    errs.require(isinstance(prefix, str) and not prefix.startswith("/"), "prefix", prefix, "a key prefix without a leading '/'")
    errs.require(isinstance(rule_id, str) and 0 < len(rule_id) <= 255, "rule_id", rule_id, "a rule ID of 1-255 characters")
    errs.one_of("storage_class", storage_class, REPLICATION_STORAGE_CLASSES)
    errs.raise_if_any(ValidationError)
    return {
        "Role": role_arn,
        "Rules": [
            {
                "ID": rule_id,
                "Priority": 1,
                "Status": "Enabled",
                "Filter": {"Prefix": prefix},
                "DeleteMarkerReplication": {"Status": "Disabled"},
                "Destination": {"Bucket": f"arn:aws:s3:::{destination_bucket}", "StorageClass": storage_class},
            }
        ],
    }


def replication_view(config):
    """The fields this collection manages of a ReplicationConfiguration, to compare (None: no replication)."""
    if not config:
        return None
    rules = []
    for rule in config.get("Rules") or []:
        dest = rule.get("Destination") or {}
        rules.append(
            {
                "ID": rule.get("ID"),
                "Priority": rule.get("Priority"),
                "Status": rule.get("Status"),
                "Prefix": (rule.get("Filter") or {}).get("Prefix", rule.get("Prefix", "")),
                "DeleteMarkerReplication": (rule.get("DeleteMarkerReplication") or {}).get("Status", "Disabled"),
                "Bucket": dest.get("Bucket"),
                "StorageClass": dest.get("StorageClass", "STANDARD"),
            }
        )
    return {"Role": config.get("Role"), "Rules": sorted(rules, key=lambda r: str(r["ID"]))}
