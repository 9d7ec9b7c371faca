# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure planning for EKS clusters, node groups and add-ons.

Every function here takes plain data (the module's parameters and what ``describe_*`` returned) and returns plain
data: validation errors, or a plan, which is a list of ``Step`` mappings ``{"op", "args", "wait", "describe"}``
that the modules apply in order. No I/O happens here, so the whole behaviour unit-tests in milliseconds and check
mode is exactly "compute the plan, do not apply it".
"""

from __future__ import annotations

import copy
import json
import re

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, parse_cidr

LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
TAINT_EFFECTS = ("NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE")
CAPACITY_TYPES = ("ON_DEMAND", "SPOT", "CAPACITY_BLOCK")
RESOLVE_CONFLICTS = ("OVERWRITE", "NONE", "PRESERVE")
# One direction only: EKS can go CONFIG_MAP -> API_AND_CONFIG_MAP -> API, never back.
AUTHENTICATION_MODES = ("CONFIG_MAP", "API_AND_CONFIG_MAP", "API")

_NAME_RE = re.compile(r"^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$")
_VERSION_RE = re.compile(r"^(\d+)\.(\d+)$")
# family[generation][attributes].size, e.g. t3.medium, m7g.2xlarge, c6in.metal, u-6tb1.112xlarge
_INSTANCE_TYPE_RE = re.compile(r"^[a-z][a-z0-9-]*[0-9][a-z0-9-]*\.[a-z0-9-]+$")

NAME_HINT = "a valid EKS name: expected 1-100 letters, digits, '-' or '_', starting with a letter or digit"
VERSION_HINT = "a Kubernetes version: expected MAJOR.MINOR such as '1.31'"
RANGE_HINT = "expected min_size <= desired_size <= max_size"


class PlanError(PlatformError):
    """A desired state that EKS cannot reach from the current one (for example a changed immutable field)."""


# --------------------------------------------------------------------------- validation


def parse_version(value):
    """``"1.29"`` -> ``(1, 29)``; None when the string is not MAJOR.MINOR."""
    m = _VERSION_RE.match(str(value or ""))
    return (int(m.group(1)), int(m.group(2))) if m else None


def _errors():
    """The shared collector with the EKS message shape: ``field=value is not <what>``."""
    return Errors(template="{field}={value!r}{expected}")


def _name(errs, field, value):
    if value is not None:
        errs.require(_NAME_RE.match(value), field, value, f" is not {NAME_HINT}")


def _version(errs, field, value):
    if value is not None:
        errs.require(parse_version(value) is not None, field, value, f" is not {VERSION_HINT}")


def validate_cluster(params):
    """Return a list of error messages for eks_cluster parameters; empty when they are valid."""
    errs = _errors()
    _name(errs, "name", params.get("name"))
    _version(errs, "version", params.get("version"))
    if params.get("state", "present") != "present":
        return errs.messages
    subnets = params.get("subnets")
    if subnets is not None:
        errs.require(len(set(subnets)) >= 2, "subnets", subnets, ": EKS needs at least two subnets in different availability zones")
    for cidr in params.get("endpoint_public_access_cidrs") or []:
        try:
            parse_cidr(cidr)
        except ValueError:
            errs.messages.append(
                f"endpoint_public_access_cidrs contains {cidr!r}, which is not a valid CIDR block (expected an address/prefix with no host bits set)"
            )
    public = params.get("endpoint_public_access")
    private = params.get("endpoint_private_access")
    if public is False and private is False:
        errs.messages.append("endpoint_public_access=false and endpoint_private_access=false: at least one endpoint must be enabled")
    if public is False and params.get("endpoint_public_access_cidrs"):
        errs.messages.append("endpoint_public_access_cidrs is set but endpoint_public_access=false: the CIDRs only apply to the public endpoint")
    for t in params.get("logging") or []:
        errs.require(t in LOG_TYPES, "logging", t, f" is not a log type: expected any of {', '.join(LOG_TYPES)}")
    key = params.get("encryption_key_arn")
    if key is not None:
        errs.require(key.startswith("arn:"), "encryption_key_arn", key, " is not an ARN: expected arn:aws:kms:<region>:<account>:key/<id>")
    mode = params.get("authentication_mode")
    if mode is not None:
        errs.require(mode in AUTHENTICATION_MODES, "authentication_mode", mode, f" is not one of {', '.join(AUTHENTICATION_MODES)}")
    return errs.messages


def validate_nodegroup(params):
    """Return a list of error messages for eks_nodegroup parameters; empty when they are valid."""
    errs = _errors()
    _name(errs, "cluster_name", params.get("cluster_name"))
    _name(errs, "name", params.get("name"))
    _version(errs, "version", params.get("version"))
    if params.get("state", "present") != "present":
        return errs.messages
    for t in params.get("instance_types") or []:
        if not _INSTANCE_TYPE_RE.match(t):
            errs.messages.append(f"instance_types contains {t!r}: expected an EC2 instance type such as 't3.medium' or 'm7g.2xlarge'")
    scaling = params.get("scaling") or {}
    lo, hi, want = scaling.get("min_size"), scaling.get("max_size"), scaling.get("desired_size")
    for field, value in (("min_size", lo), ("desired_size", want)):
        if value is not None:
            errs.require(value >= 0, f"scaling.{field}", value, ": expected 0 or more")
    if hi is not None:
        errs.require(hi >= 1, "scaling.max_size", hi, ": expected 1 or more")
    if lo is not None and hi is not None and lo > hi:
        errs.messages.append(f"scaling.min_size={lo} is greater than scaling.max_size={hi}: {RANGE_HINT}")
    if want is not None and lo is not None and want < lo:
        errs.messages.append(f"scaling.desired_size={want} is less than scaling.min_size={lo}: {RANGE_HINT}")
    if want is not None and hi is not None and want > hi:
        errs.messages.append(f"scaling.desired_size={want} is greater than scaling.max_size={hi}: {RANGE_HINT}")
    disk = params.get("disk_size")
    if disk is not None:
        errs.require(disk >= 1, "disk_size", disk, ": expected a size in GiB of 1 or more")
    for key in params.get("labels") or {}:
        errs.label_key("labels key", key)
    for taint in params.get("taints") or []:
        if taint.get("effect") not in TAINT_EFFECTS:
            errs.messages.append(f"taints entry {taint!r}: effect must be one of {', '.join(TAINT_EFFECTS)}")
        if not taint.get("key"):
            errs.messages.append(f"taints entry {taint!r}: key is required")
    return errs.messages


def validate_addon(params):
    errs = _errors()
    _name(errs, "cluster_name", params.get("cluster_name"))
    values = params.get("configuration_values")
    if values is not None and not isinstance(values, dict):
        try:
            json.loads(values)
        except ValueError as e:
            errs.messages.append(f"configuration_values is not valid JSON ({e}): expected a mapping or a JSON object")
    return errs.messages


# --------------------------------------------------------------------------- shared planning


def step(op, args, wait=None):
    """One API call of a plan. ``wait`` is ``"update"`` when the call returns an update to wait for."""
    return {"op": op, "args": args, "wait": wait}


def version_steps(current, desired):
    """Minor versions to go through, one at a time: ``("1.28", "1.30")`` -> ``["1.29", "1.30"]``."""
    cur, want = parse_version(current), parse_version(desired)
    if cur is None or want is None or cur == want:
        return []
    if cur[0] != want[0]:
        raise PlanError(f"cannot change the major version from {current} to {desired}")
    if want < cur:
        raise PlanError(f"version={desired} is older than the running {current}: EKS cannot downgrade")
    return [f"{cur[0]}.{minor}" for minor in range(cur[1] + 1, want[1] + 1)]


def plan_tags(current, desired, purge):
    """``(to_set, to_remove)`` from amazon.aws's ``compare_aws_tags``, values as text (EKS tags are strings).

    ``desired=None`` leaves tags alone; keys starting with ``aws:`` are never purged.
    """
    if desired is None:
        return {}, []
    to_set, to_remove = compare_aws_tags(dict(current or {}), dict(desired), purge_tags=purge)
    return {k: to_text(v) for k, v in to_set.items()}, sorted(to_remove)


def plan_tag_steps(arn, current, params):
    """``(steps, predicted_tags)`` bringing the tags of ``arn`` from ``current`` to ``params['tags']``."""
    to_set, to_remove = plan_tags(current, params.get("tags"), params.get("purge_tags", True))
    steps = []
    if to_set:
        steps.append(step("tag_resource", {"resourceArn": arn, "tags": to_set}))
    if to_remove:
        steps.append(step("untag_resource", {"resourceArn": arn, "tagKeys": to_remove}))
    return steps, apply_tags(current, to_set, to_remove)


def apply_tags(tags, to_set, to_remove):
    out = dict(tags or {})
    out.update(to_set)
    for k in to_remove:
        out.pop(k, None)
    return out


# --------------------------------------------------------------------------- clusters


def enabled_log_types(cluster):
    enabled = set()
    for entry in (cluster.get("logging") or {}).get("clusterLogging") or []:
        if entry.get("enabled"):
            enabled.update(entry.get("types") or [])
    return enabled


def logging_config(enabled):
    enabled = sorted(set(enabled))
    disabled = [t for t in LOG_TYPES if t not in enabled]
    config = []
    if enabled:
        config.append({"types": enabled, "enabled": True})
    if disabled:
        config.append({"types": disabled, "enabled": False})
    return {"clusterLogging": config}


def endpoint_change(vpc, params):
    """The ``resourcesVpcConfig`` endpoint fields to send, or None when they already match.

    A missing field counts as the EKS default (public on, private off, public CIDRs 0.0.0.0/0). When anything
    differs, all endpoint fields are sent with their resulting values, so the update is complete on its own.
    """
    have_public = vpc.get("endpointPublicAccess", True)
    have_private = vpc.get("endpointPrivateAccess", False)
    have_cidrs = sorted(vpc.get("publicAccessCidrs") or ["0.0.0.0/0"])
    public = have_public if params.get("endpoint_public_access") is None else params["endpoint_public_access"]
    private = have_private if params.get("endpoint_private_access") is None else params["endpoint_private_access"]
    cidrs = have_cidrs if params.get("endpoint_public_access_cidrs") is None else sorted(params["endpoint_public_access_cidrs"])
    if (bool(have_public), bool(have_private)) == (public, private) and (not public or have_cidrs == cidrs):
        return None
    change = {"endpointPublicAccess": public, "endpointPrivateAccess": private}
    if public:
        change["publicAccessCidrs"] = cidrs
    return change


def cluster_create_args(params):
    args = {
        "name": params["name"],
        "roleArn": params["role_arn"],
        "resourcesVpcConfig": {
            "subnetIds": list(params["subnets"]),
            "securityGroupIds": list(params.get("security_groups") or []),
        },
    }
    vpc = args["resourcesVpcConfig"]
    for key, field in (
        ("endpoint_public_access", "endpointPublicAccess"),
        ("endpoint_private_access", "endpointPrivateAccess"),
    ):
        if params.get(key) is not None:
            vpc[field] = params[key]
    if params.get("endpoint_public_access_cidrs"):
        vpc["publicAccessCidrs"] = list(params["endpoint_public_access_cidrs"])
    if params.get("version"):
        args["version"] = params["version"]
    if params.get("logging") is not None:
        args["logging"] = logging_config(params["logging"])
    if params.get("encryption_key_arn"):
        args["encryptionConfig"] = [{"resources": ["secrets"], "provider": {"keyArn": params["encryption_key_arn"]}}]
    if params.get("tags"):
        args["tags"] = dict(params["tags"])
    access = {}
    if params.get("authentication_mode"):
        access["authenticationMode"] = params["authentication_mode"]
    if params.get("bootstrap_cluster_creator_admin_permissions") is not None:
        access["bootstrapClusterCreatorAdminPermissions"] = params["bootstrap_cluster_creator_admin_permissions"]
    if access:
        args["accessConfig"] = access
    return args


def authentication_mode_step(name, current, desired):
    """The update_cluster_config step moving ``current`` towards ``desired``, or None. One direction only.

    EKS moves CONFIG_MAP -> API_AND_CONFIG_MAP -> API and refuses to go back. A cluster described without
    ``accessConfig`` (moto does not report it) is not compared.
    """
    if not desired or not current or current == desired:
        return None
    order = AUTHENTICATION_MODES
    if order.index(desired) < order.index(current):
        raise PlanError(
            f"cluster {name}: authentication_mode cannot go from {current} back to {desired}: EKS only moves "
            f"{' -> '.join(order)}; set authentication_mode={current} (or leave it unset)"
        )
    return step("update_cluster_config", {"name": name, "accessConfig": {"authenticationMode": desired}}, wait="update")


def _encryption_key(cluster):
    for entry in cluster.get("encryptionConfig") or []:
        if "secrets" in (entry.get("resources") or []):
            return (entry.get("provider") or {}).get("keyArn")
    return None


def plan_cluster(params, current):
    """Plan the calls that take ``current`` (a describe_cluster ``cluster``, or None) to ``params``.

    Returns ``(steps, predicted)`` where ``predicted`` is the cluster as it will be described afterwards.
    Raises PlanError for changes EKS does not allow.
    """
    if current is None:
        args = cluster_create_args(params)
        predicted = {
            "name": params["name"],
            "version": params.get("version"),
            "roleArn": params["role_arn"],
            "resourcesVpcConfig": dict(args["resourcesVpcConfig"]),
            "logging": args.get("logging", logging_config([])),
            "tags": dict(params.get("tags") or {}),
            "status": "ACTIVE",
        }
        if "encryptionConfig" in args:
            predicted["encryptionConfig"] = args["encryptionConfig"]
        if "accessConfig" in args:
            predicted["accessConfig"] = dict(args["accessConfig"])
        return [step("create_cluster", args, wait="cluster_active")], predicted

    name = params["name"]
    vpc = current.get("resourcesVpcConfig") or {}
    immutable = []
    # A described cluster always has subnets; an empty list means the API did not report them, so do not compare.
    if params.get("subnets") is not None and vpc.get("subnetIds") and set(params["subnets"]) != set(vpc["subnetIds"]):
        immutable.append(f"subnets (running: {sorted(vpc.get('subnetIds') or [])}, wanted: {sorted(params['subnets'])})")
    if params.get("security_groups") is not None and "securityGroupIds" in vpc and set(params["security_groups"]) != set(vpc["securityGroupIds"]):
        immutable.append(f"security_groups (running: {sorted(vpc.get('securityGroupIds') or [])}, wanted: {sorted(params['security_groups'])})")
    if params.get("role_arn") and current.get("roleArn") and params["role_arn"] != current["roleArn"]:
        immutable.append(f"role_arn (running: {current['roleArn']}, wanted: {params['role_arn']})")
    key = _encryption_key(current)
    want_key = params.get("encryption_key_arn")
    if key and want_key and key != want_key:
        immutable.append(f"encryption_key_arn (running: {key}, wanted: {want_key}): secrets encryption cannot be changed once set")
    if immutable:
        raise PlanError(f"cluster {name}: EKS cannot change {'; '.join(immutable)}; delete and recreate the cluster to change them")

    predicted = copy.deepcopy(current)
    steps = []
    for v in version_steps(current.get("version"), params.get("version")):
        steps.append(step("update_cluster_version", {"name": name, "version": v}, wait="update"))
        predicted["version"] = v
    if params.get("logging") is not None and enabled_log_types(current) != set(params["logging"]):
        predicted["logging"] = logging_config(params["logging"])
        steps.append(step("update_cluster_config", {"name": name, "logging": predicted["logging"]}, wait="update"))
    change = endpoint_change(vpc, params)
    if change:
        steps.append(step("update_cluster_config", {"name": name, "resourcesVpcConfig": change}, wait="update"))
        predicted["resourcesVpcConfig"] = dict(vpc, **change)
    access = authentication_mode_step(name, (current.get("accessConfig") or {}).get("authenticationMode"), params.get("authentication_mode"))
    if access:
        steps.append(access)
        predicted["accessConfig"] = dict(current.get("accessConfig") or {}, authenticationMode=params["authentication_mode"])
    if want_key and not key:
        enc = [{"resources": ["secrets"], "provider": {"keyArn": want_key}}]
        steps.append(step("associate_encryption_config", {"clusterName": name, "encryptionConfig": enc}, wait="update"))
        predicted["encryptionConfig"] = enc
    tag_steps, predicted["tags"] = plan_tag_steps(current.get("arn"), current.get("tags"), params)
    steps.extend(tag_steps)
    return steps, predicted


# --------------------------------------------------------------------------- node groups


def _taint_key(taint):
    return (taint.get("key"), taint.get("effect"))


def _taint_api(taint):
    out = {"key": taint["key"], "effect": taint["effect"]}
    if taint.get("value") not in (None, ""):
        out["value"] = taint["value"]
    return out


def plan_labels(current, desired):
    """Return the ``labels`` argument of update_nodegroup_config, or None. Compared by value."""
    if desired is None:
        return None
    current = current or {}
    add = {k: str(v) for k, v in desired.items() if current.get(k) != str(v)}
    remove = sorted(k for k in current if k not in desired)
    if not add and not remove:
        return None
    out = {}
    if add:
        out["addOrUpdateLabels"] = add
    if remove:
        out["removeLabels"] = remove
    return out


def plan_taints(current, desired):
    """Return the ``taints`` argument of update_nodegroup_config, or None. Taints match by key and effect."""
    if desired is None:
        return None
    cur = {_taint_key(t): _taint_api(t) for t in current or []}
    want = {_taint_key(t): _taint_api(t) for t in desired}
    add = [want[k] for k in sorted(want, key=str) if cur.get(k) != want[k]]
    remove = [cur[k] for k in sorted(cur, key=str) if k not in want]
    if not add and not remove:
        return None
    out = {}
    if add:
        out["addOrUpdateTaints"] = add
    if remove:
        out["removeTaints"] = remove
    return out


def plan_scaling(current, desired, enforce_desired_size):
    """Return the new ``scalingConfig`` or None.

    ``desired_size`` only counts when ``enforce_desired_size`` is true, so a cluster autoscaler is not fought.
    When min or max move past the running desired size, the desired size is clamped into the new range because EKS
    rejects a desired size outside it.
    """
    desired = {k: v for k, v in (desired or {}).items() if v is not None}
    if not desired:
        return None
    current = current or {}
    new = {
        "minSize": desired.get("min_size", current.get("minSize")),
        "maxSize": desired.get("max_size", current.get("maxSize")),
        "desiredSize": current.get("desiredSize"),
    }
    if enforce_desired_size and "desired_size" in desired:
        new["desiredSize"] = desired["desired_size"]
    if new["desiredSize"] is not None:
        if new["minSize"] is not None:
            new["desiredSize"] = max(new["desiredSize"], new["minSize"])
        if new["maxSize"] is not None:
            new["desiredSize"] = min(new["desiredSize"], new["maxSize"])
    if new["minSize"] is not None and new["maxSize"] is not None and new["minSize"] > new["maxSize"]:
        raise PlanError(f"scaling: min_size={new['minSize']} is greater than max_size={new['maxSize']}")
    if all(current.get(k) == new[k] for k in new):
        return None
    return {k: v for k, v in new.items() if v is not None}


def nodegroup_create_args(params):
    scaling = params.get("scaling") or {}
    lo = scaling.get("min_size") if scaling.get("min_size") is not None else 1
    hi = scaling.get("max_size") if scaling.get("max_size") is not None else max(lo, 2)
    want = scaling.get("desired_size") if scaling.get("desired_size") is not None else lo
    args = {
        "clusterName": params["cluster_name"],
        "nodegroupName": params["name"],
        "nodeRole": params["node_role"],
        "subnets": list(params["subnets"]),
        "scalingConfig": {"minSize": lo, "maxSize": hi, "desiredSize": want},
    }
    mapping = (
        ("instance_types", "instanceTypes"),
        ("capacity_type", "capacityType"),
        ("ami_type", "amiType"),
        ("disk_size", "diskSize"),
        ("version", "version"),
        ("release_version", "releaseVersion"),
    )
    for key, field in mapping:
        if params.get(key) is not None:
            args[field] = copy.deepcopy(params[key])
    if params.get("labels"):
        args["labels"] = {k: str(v) for k, v in params["labels"].items()}
    if params.get("taints"):
        args["taints"] = [_taint_api(t) for t in params["taints"]]
    if params.get("max_unavailable") is not None:
        args["updateConfig"] = {"maxUnavailable": params["max_unavailable"]}
    if params.get("tags"):
        args["tags"] = dict(params["tags"])
    return args


def plan_nodegroup(params, current):
    """Plan the calls that take ``current`` (a describe_nodegroup ``nodegroup``, or None) to ``params``."""
    if current is None:
        args = nodegroup_create_args(params)
        predicted = {k: v for k, v in args.items() if k not in ("clusterName",)}
        predicted.update(
            clusterName=params["cluster_name"],
            status="ACTIVE",
            labels=args.get("labels", {}),
            taints=args.get("taints", []),
        )
        predicted["tags"] = args.get("tags", {})
        return [step("create_nodegroup", args, wait="nodegroup_active")], predicted

    name = f"{params['cluster_name']}/{params['name']}"
    immutable = []
    pairs = (
        ("instance_types", "instanceTypes", list),
        ("capacity_type", "capacityType", None),
        ("ami_type", "amiType", None),
        ("disk_size", "diskSize", None),
        ("node_role", "nodeRole", None),
        ("subnets", "subnets", set),
    )
    for key, field, norm in pairs:
        want, have = params.get(key), current.get(field)
        if want is None or have is None:
            continue
        if norm is set:
            same = set(want) == set(have)
        else:
            same = want == have
        if not same:
            immutable.append(f"{key} (running: {have}, wanted: {want})")
    if immutable:
        raise PlanError(f"node group {name}: EKS cannot change {'; '.join(immutable)}; create a new node group instead")

    predicted = copy.deepcopy(current)
    steps = []
    config = {}
    scaling = plan_scaling(current.get("scalingConfig"), params.get("scaling"), params.get("enforce_desired_size", False))
    if scaling:
        config["scalingConfig"] = scaling
        predicted["scalingConfig"] = scaling
    labels = plan_labels(current.get("labels"), params.get("labels"))
    if labels:
        config["labels"] = labels
        predicted["labels"] = {k: str(v) for k, v in params["labels"].items()}
    taints = plan_taints(current.get("taints"), params.get("taints"))
    if taints:
        config["taints"] = taints
        predicted["taints"] = [_taint_api(t) for t in params["taints"]]
    max_unavailable = params.get("max_unavailable")
    if max_unavailable is not None and (current.get("updateConfig") or {}).get("maxUnavailable") != max_unavailable:
        config["updateConfig"] = {"maxUnavailable": max_unavailable}
        predicted["updateConfig"] = config["updateConfig"]
    if config:
        config.update(clusterName=params["cluster_name"], nodegroupName=params["name"])
        steps.append(step("update_nodegroup_config", config, wait="update"))
    want_version = params.get("version")
    if want_version and current.get("version") and want_version != current["version"]:
        version_steps(current["version"], want_version)  # raises on a downgrade
        args = {"clusterName": params["cluster_name"], "nodegroupName": params["name"], "version": want_version}
        if params.get("release_version"):
            args["releaseVersion"] = params["release_version"]
        steps.append(step("update_nodegroup_version", args, wait="update"))
        predicted["version"] = want_version
    tag_steps, predicted["tags"] = plan_tag_steps(current.get("nodegroupArn"), current.get("tags"), params)
    steps.extend(tag_steps)
    return steps, predicted


# --------------------------------------------------------------------------- add-ons


def _config_values(value):
    if value is None:
        return None
    if isinstance(value, dict):
        return value
    return json.loads(value) if value.strip() else {}


def _config_json(value):
    return json.dumps(_config_values(value), sort_keys=True, separators=(",", ":"))


def plan_addon(params, current):
    """Plan the calls that take ``current`` (a describe_addon ``addon``, or None) to ``params``."""
    cluster, name = params["cluster_name"], params["name"]
    common = {"clusterName": cluster, "addonName": name}
    if params.get("resolve_conflicts"):
        common["resolveConflicts"] = params["resolve_conflicts"]
    if current is None:
        args = dict(common)
        if params.get("version"):
            args["addonVersion"] = params["version"]
        if params.get("configuration_values") is not None:
            args["configurationValues"] = _config_json(params["configuration_values"])
        if params.get("service_account_role_arn"):
            args["serviceAccountRoleArn"] = params["service_account_role_arn"]
        if params.get("tags"):
            args["tags"] = dict(params["tags"])
        predicted = {
            "addonName": name,
            "clusterName": cluster,
            "addonVersion": args.get("addonVersion"),
            "configurationValues": args.get("configurationValues"),
            "serviceAccountRoleArn": args.get("serviceAccountRoleArn"),
            "tags": args.get("tags", {}),
            "status": "ACTIVE",
        }
        return [step("create_addon", args, wait="addon_active")], predicted

    predicted = copy.deepcopy(current)
    update = {}
    if params.get("version") and params["version"] != current.get("addonVersion"):
        update["addonVersion"] = params["version"]
    if params.get("configuration_values") is not None:
        want = _config_values(params["configuration_values"])
        have = _config_values(current.get("configurationValues") or "")
        if want != have:
            update["configurationValues"] = _config_json(want)
    if params.get("service_account_role_arn") is not None and params["service_account_role_arn"] != (current.get("serviceAccountRoleArn") or ""):
        update["serviceAccountRoleArn"] = params["service_account_role_arn"]
    steps = []
    if update:
        predicted.update(update)
        update.update(common)
        steps.append(step("update_addon", update, wait="update"))
    tag_steps, predicted["tags"] = plan_tag_steps(current.get("addonArn"), current.get("tags"), params)
    steps.extend(tag_steps)
    return steps, predicted


# --------------------------------------------------------------------------- reporting


def diff(before, after):
    """The one diff path: ``(changed, {"before", "after"})`` with volatile fields left out."""
    volatile = (
        "createdAt",
        "modifiedAt",
        "health",
        "status",
        "platformVersion",
        "certificateAuthority",
        "endpoint",
        "identity",
    )

    def clean(obj):
        if not obj:
            return {}
        return {k: v for k, v in obj.items() if k not in volatile}

    b, a = clean(before), clean(after)
    return b != a, {"before": b, "after": a}
