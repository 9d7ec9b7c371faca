# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure EKS planning: validation, version stepping, logging/endpoint/tag diffs, node-group semantics, add-ons."""

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.eks import plans as eks
from ansible_collections.platform.runtime.tests.support.eks import CLUSTER, NODEGROUP, addon_params, cluster_params, ng_params


def ops(steps):
    return [s["op"] for s in steps]


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "params, fragment",
    [
        (cluster_params(version="1.x"), "version='1.x' is not a Kubernetes version"),
        (cluster_params(version="131"), "expected MAJOR.MINOR"),
        (cluster_params(name="-bad"), "name='-bad' is not a valid EKS name"),
        (cluster_params(subnets=["subnet-a"]), "at least two subnets"),
        (cluster_params(endpoint_public_access_cidrs=["10.0.0.0/33"]), "'10.0.0.0/33', which is not a valid CIDR"),
        (cluster_params(endpoint_public_access_cidrs=["10.0.0.1/16"]), "not a valid CIDR"),
        (cluster_params(endpoint_public_access=False, endpoint_private_access=False), "at least one endpoint"),
        (cluster_params(encryption_key_arn="my-key"), "encryption_key_arn='my-key' is not an ARN"),
    ],
)
def test_validate_cluster_rejects(params, fragment):
    errors = eks.validate_cluster(params)
    assert any(fragment in e for e in errors), errors


def test_validate_cluster_accepts_good_input():
    assert eks.validate_cluster(cluster_params(version="1.31", subnets=["a", "b"], endpoint_public_access_cidrs=["203.0.113.0/24"])) == []


@pytest.mark.parametrize(
    "params, fragment",
    [
        (
            ng_params(scaling={"min_size": 3, "max_size": 2, "desired_size": None}),
            "min_size=3 is greater than scaling.max_size=2",
        ),
        (
            ng_params(scaling={"min_size": 2, "max_size": 5, "desired_size": 1}),
            "desired_size=1 is less than scaling.min_size=2",
        ),
        (
            ng_params(scaling={"min_size": 1, "max_size": 2, "desired_size": 4}),
            "desired_size=4 is greater than scaling.max_size=2",
        ),
        (ng_params(scaling={"min_size": None, "max_size": 0, "desired_size": None}), "max_size=0: expected 1 or more"),
        (ng_params(instance_types=["large"]), "instance_types contains 'large'"),
        (ng_params(instance_types=["T3.Medium"]), "expected an EC2 instance type"),
        (ng_params(version="latest"), "version='latest'"),
        (ng_params(disk_size=0), "disk_size=0"),
        (ng_params(taints=[{"key": "k", "value": None, "effect": "NoSchedule"}]), "effect must be one of"),
    ],
)
def test_validate_nodegroup_rejects(params, fragment):
    errors = eks.validate_nodegroup(params)
    assert any(fragment in e for e in errors), errors


@pytest.mark.parametrize("itype", ["t3.medium", "m7g.2xlarge", "c6in.metal", "u-6tb1.112xlarge", "g5.48xlarge"])
def test_instance_types_accepted(itype):
    assert eks.validate_nodegroup(ng_params(instance_types=[itype])) == []


def test_validate_addon_bad_json():
    assert "not valid JSON" in eks.validate_addon({"cluster_name": "c1", "configuration_values": "{nope"})[0]


# --------------------------------------------------------------------------- versions


@pytest.mark.parametrize(
    "current, desired, steps",
    [
        ("1.28", "1.30", ["1.29", "1.30"]),
        ("1.29", "1.29", []),
        ("1.29", None, []),
        ("1.27", "1.28", ["1.28"]),
        ("1.29", "1.32", ["1.30", "1.31", "1.32"]),
    ],
)
def test_version_steps(current, desired, steps):
    assert eks.version_steps(current, desired) == steps


@pytest.mark.parametrize("current, desired, fragment", [("1.30", "1.29", "cannot downgrade"), ("1.30", "2.0", "major version")])
def test_version_steps_rejects(current, desired, fragment):
    with pytest.raises(eks.PlanError, match=fragment):
        eks.version_steps(current, desired)


# --------------------------------------------------------------------------- cluster plans


def test_create_plan_has_everything():
    params = cluster_params(
        version="1.31",
        role_arn="arn:r",
        subnets=["a", "b"],
        endpoint_private_access=True,
        logging=["api", "audit"],
        encryption_key_arn="arn:aws:kms:x",
        tags={"t": "1"},
    )
    steps, predicted = eks.plan_cluster(params, None)
    assert ops(steps) == ["create_cluster"]
    args = steps[0]["args"]
    assert args["resourcesVpcConfig"]["endpointPrivateAccess"] is True
    assert args["logging"]["clusterLogging"][0] == {"types": ["api", "audit"], "enabled": True}
    assert args["encryptionConfig"][0]["provider"]["keyArn"] == "arn:aws:kms:x"
    assert predicted["tags"] == {"t": "1"}


def test_no_change_plans_nothing():
    steps, predicted = eks.plan_cluster(cluster_params(version="1.29", subnets=["subnet-b", "subnet-a"], logging=["api"], tags={"team": "a"}), CLUSTER)
    assert steps == []
    assert predicted["version"] == "1.29"


def test_upgrade_steps_one_minor_at_a_time_then_config():
    steps, predicted = eks.plan_cluster(cluster_params(version="1.31", logging=["api", "audit"]), CLUSTER)
    assert ops(steps) == ["update_cluster_version", "update_cluster_version", "update_cluster_config"]
    assert [s["args"]["version"] for s in steps[:2]] == ["1.30", "1.31"]
    assert predicted["version"] == "1.31"


@pytest.mark.parametrize(
    "logging, enabled",
    [([], []), (["api", "scheduler"], ["api", "scheduler"]), (list(eks.LOG_TYPES), list(eks.LOG_TYPES))],
)
def test_logging_diff(logging, enabled):
    steps, _predicted = eks.plan_cluster(cluster_params(logging=logging), CLUSTER)
    cfg = steps[0]["args"]["logging"]["clusterLogging"]
    assert [e["types"] for e in cfg if e["enabled"]] == ([sorted(enabled)] if enabled else [])
    assert set(sum((e["types"] for e in cfg), [])) == set(eks.LOG_TYPES)


@pytest.mark.parametrize(
    "kw, expected",
    [
        (
            {"endpoint_private_access": True},
            {"endpointPublicAccess": True, "endpointPrivateAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]},
        ),
        (
            {"endpoint_public_access_cidrs": ["203.0.113.0/24"]},
            {"endpointPublicAccess": True, "endpointPrivateAccess": False, "publicAccessCidrs": ["203.0.113.0/24"]},
        ),
        (
            {"endpoint_public_access": False, "endpoint_private_access": True},
            {"endpointPublicAccess": False, "endpointPrivateAccess": True},
        ),
        ({"endpoint_public_access": True, "endpoint_public_access_cidrs": ["0.0.0.0/0"]}, None),
    ],
)
def test_endpoint_diff(kw, expected):
    steps, _predicted = eks.plan_cluster(cluster_params(**kw), CLUSTER)
    if expected is None:
        assert steps == []
    else:
        assert steps == [eks.step("update_cluster_config", {"name": "c1", "resourcesVpcConfig": expected}, wait="update")]


@pytest.mark.parametrize(
    "tags, purge, to_set, to_remove",
    [
        ({"team": "b"}, True, {"team": "b"}, []),
        ({"new": "1"}, True, {"new": "1"}, ["team"]),
        ({"new": "1"}, False, {"new": "1"}, []),
        ({}, True, {}, ["team"]),
        (None, True, {}, []),
    ],
)
def test_tags_add_change_purge_keep_aws_prefix(tags, purge, to_set, to_remove):
    assert eks.plan_tags(CLUSTER["tags"], tags, purge) == (to_set, to_remove)


def test_tag_steps_use_the_arn():
    steps, predicted = eks.plan_cluster(cluster_params(tags={"new": "1"}), CLUSTER)
    assert ops(steps) == ["tag_resource", "untag_resource"]
    assert steps[1]["args"] == {"resourceArn": CLUSTER["arn"], "tagKeys": ["team"]}
    assert predicted["tags"] == {"new": "1", "aws:cloudformation:stack-name": "x"}


@pytest.mark.parametrize(
    "kw, fragment",
    [
        ({"subnets": ["subnet-a", "subnet-c"]}, "cannot change subnets"),
        ({"security_groups": ["sg-1"]}, "security_groups"),
        ({"role_arn": "arn:aws:iam::123456789012:role/other"}, "role_arn"),
    ],
)
def test_immutable_cluster_fields(kw, fragment):
    with pytest.raises(eks.PlanError, match=fragment):
        eks.plan_cluster(cluster_params(**kw), CLUSTER)


def test_encryption_added_once_then_immutable():
    steps, _predicted = eks.plan_cluster(cluster_params(encryption_key_arn="arn:aws:kms:k1"), CLUSTER)
    assert ops(steps) == ["associate_encryption_config"]
    encrypted = dict(CLUSTER, encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": "arn:aws:kms:k1"}}])
    assert eks.plan_cluster(cluster_params(encryption_key_arn="arn:aws:kms:k1"), encrypted)[0] == []
    with pytest.raises(eks.PlanError, match="cannot be changed once set"):
        eks.plan_cluster(cluster_params(encryption_key_arn="arn:aws:kms:k2"), encrypted)


# --------------------------------------------------------------------------- node groups


@pytest.mark.parametrize(
    "scaling, enforce, expected",
    [
        (None, False, None),
        ({"min_size": None, "max_size": None, "desired_size": None}, False, None),
        ({"min_size": 1, "max_size": 3, "desired_size": 5}, False, None),
        ({"min_size": 1, "max_size": 3, "desired_size": 3}, True, {"minSize": 1, "maxSize": 3, "desiredSize": 3}),
        ({"min_size": None, "max_size": 6, "desired_size": 1}, False, {"minSize": 1, "maxSize": 6, "desiredSize": 2}),
        ({"min_size": 3, "max_size": 6, "desired_size": None}, False, {"minSize": 3, "maxSize": 6, "desiredSize": 3}),
        ({"min_size": 1, "max_size": 1, "desired_size": None}, False, {"minSize": 1, "maxSize": 1, "desiredSize": 1}),
    ],
)
def test_scaling_semantics(scaling, enforce, expected):
    assert eks.plan_scaling(NODEGROUP["scalingConfig"], scaling, enforce) == expected


@pytest.mark.parametrize(
    "labels, expected",
    [
        ({"a": "1"}, None),
        ({"a": 1}, None),
        ({"a": "2"}, {"addOrUpdateLabels": {"a": "2"}}),
        ({"b": "x"}, {"addOrUpdateLabels": {"b": "x"}, "removeLabels": ["a"]}),
        ({}, {"removeLabels": ["a"]}),
        (None, None),
    ],
)
def test_labels_by_value(labels, expected):
    assert eks.plan_labels(NODEGROUP["labels"], labels) == expected


@pytest.mark.parametrize(
    "taints, expected",
    [
        ([{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}], None),
        (
            [{"key": "k", "value": "w", "effect": "NO_SCHEDULE"}],
            {"addOrUpdateTaints": [{"key": "k", "value": "w", "effect": "NO_SCHEDULE"}]},
        ),
        (
            [{"key": "k", "value": "v", "effect": "NO_EXECUTE"}],
            {
                "addOrUpdateTaints": [{"key": "k", "value": "v", "effect": "NO_EXECUTE"}],
                "removeTaints": [{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}],
            },
        ),
        ([], {"removeTaints": [{"key": "k", "value": "v", "effect": "NO_SCHEDULE"}]}),
        (None, None),
    ],
)
def test_taints_by_value(taints, expected):
    assert eks.plan_taints(NODEGROUP["taints"], taints) == expected


def test_nodegroup_update_is_one_config_call_plus_version_and_tags():
    params = ng_params(
        labels={"a": "2"},
        taints=[],
        scaling={"min_size": None, "max_size": 5, "desired_size": None},
        version="1.30",
        tags={"team": "b"},
    )
    steps, predicted = eks.plan_nodegroup(params, NODEGROUP)
    assert ops(steps) == ["update_nodegroup_config", "update_nodegroup_version", "tag_resource"]
    cfg = steps[0]["args"]
    assert cfg["scalingConfig"] == {"minSize": 1, "maxSize": 5, "desiredSize": 2}
    assert cfg["labels"] == {"addOrUpdateLabels": {"a": "2"}}
    assert predicted["version"] == "1.30" and predicted["tags"] == {"team": "b"}


def test_nodegroup_create_uses_desired_size_and_defaults():
    steps, _predicted = eks.plan_nodegroup(ng_params(node_role="arn:n", subnets=["s"], scaling={"min_size": 2, "max_size": 4, "desired_size": 3}), None)
    assert steps[0]["args"]["scalingConfig"] == {"minSize": 2, "maxSize": 4, "desiredSize": 3}
    steps, _predicted = eks.plan_nodegroup(ng_params(node_role="arn:n", subnets=["s"]), None)
    assert steps[0]["args"]["scalingConfig"] == {"minSize": 1, "maxSize": 2, "desiredSize": 1}


@pytest.mark.parametrize("kw", [{"instance_types": ["m5.large"]}, {"disk_size": 100}, {"subnets": ["subnet-z"]}, {"node_role": "arn:other"}])
def test_nodegroup_immutable(kw):
    with pytest.raises(eks.PlanError, match="cannot change"):
        eks.plan_nodegroup(ng_params(**kw), NODEGROUP)


def test_nodegroup_version_downgrade_refused():
    with pytest.raises(eks.PlanError, match="downgrade"):
        eks.plan_nodegroup(ng_params(version="1.28"), NODEGROUP)


# --------------------------------------------------------------------------- add-ons

ADDON = {
    "addonName": "vpc-cni",
    "clusterName": "c1",
    "addonVersion": "v1.18.0",
    "configurationValues": '{"env": {"A": "1"}}',
    "addonArn": "arn:aws:eks:us-east-1:123456789012:addon/c1/vpc-cni/1",
    "tags": {},
}


@pytest.mark.parametrize(
    "kw, expected_ops",
    [
        ({}, []),
        ({"configuration_values": {"env": {"A": "1"}}}, []),
        ({"configuration_values": '{ "env" : {"A":"1"} }'}, []),
        ({"configuration_values": {"env": {"A": "2"}}}, ["update_addon"]),
        ({"version": "v1.19.0"}, ["update_addon"]),
        ({"tags": {"x": "y"}}, ["tag_resource"]),
    ],
)
def test_addon_plan(kw, expected_ops):
    steps, _predicted = eks.plan_addon(addon_params(**kw), ADDON)
    assert ops(steps) == expected_ops


def test_addon_update_carries_conflict_resolution():
    steps, _predicted = eks.plan_addon(addon_params(version="v1.19.0", resolve_conflicts="OVERWRITE"), ADDON)
    assert steps[0]["args"] == {
        "clusterName": "c1",
        "addonName": "vpc-cni",
        "addonVersion": "v1.19.0",
        "resolveConflicts": "OVERWRITE",
    }


def test_addon_create():
    steps, predicted = eks.plan_addon(addon_params(version="v1.18.0", configuration_values={"b": 1, "a": 2}), None)
    assert steps[0]["op"] == "create_addon"
    assert steps[0]["args"]["configurationValues"] == '{"a":2,"b":1}'
    assert predicted["status"] == "ACTIVE"


def test_diff_leaves_out_volatile_fields():
    changed, d = eks.diff({"version": "1.29", "status": "UPDATING"}, {"version": "1.29", "status": "ACTIVE"})
    assert not changed and d["before"] == {"version": "1.29"}


# --------------------------------------------------------------------------- authentication mode


def test_create_sends_access_config():
    steps, predicted = eks.plan_cluster(
        cluster_params(role_arn="arn:aws:iam::1:role/c", subnets=["a", "b"], authentication_mode="API", bootstrap_cluster_creator_admin_permissions=False),
        None,
    )
    assert steps[0]["args"]["accessConfig"] == {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": False}
    assert predicted["accessConfig"]["authenticationMode"] == "API"


@pytest.mark.parametrize(
    "have, want, expected",
    [
        ("CONFIG_MAP", "API_AND_CONFIG_MAP", "API_AND_CONFIG_MAP"),
        ("API_AND_CONFIG_MAP", "API", "API"),
        ("CONFIG_MAP", "API", "API"),
        ("API", "API", None),
        ("API", None, None),
    ],
)
def test_authentication_mode_moves_forward(have, want, expected):
    current = dict(CLUSTER, accessConfig={"authenticationMode": have, "bootstrapClusterCreatorAdminPermissions": True})
    steps, predicted = eks.plan_cluster(cluster_params(authentication_mode=want), current)
    access = [s for s in steps if "accessConfig" in s["args"]]
    if expected is None:
        assert access == []
    else:
        assert access == [eks.step("update_cluster_config", {"name": "c1", "accessConfig": {"authenticationMode": expected}}, wait="update")]
        assert predicted["accessConfig"] == {"authenticationMode": expected, "bootstrapClusterCreatorAdminPermissions": True}


@pytest.mark.parametrize("have, want", [("API", "API_AND_CONFIG_MAP"), ("API", "CONFIG_MAP"), ("API_AND_CONFIG_MAP", "CONFIG_MAP")])
def test_authentication_mode_never_goes_back(have, want):
    with pytest.raises(eks.PlanError, match=f"cannot go from {have} back to {want}"):
        eks.plan_cluster(cluster_params(authentication_mode=want), dict(CLUSTER, accessConfig={"authenticationMode": have}))


def test_authentication_mode_not_compared_when_not_described():
    steps = eks.plan_cluster(cluster_params(authentication_mode="API"), CLUSTER)[0]
    assert [s for s in steps if "accessConfig" in s["args"]] == []


def test_tag_values_are_sent_as_text():
    steps, predicted = eks.plan_cluster(cluster_params(tags={"team": "a", "cost": 42, "on": True}, purge_tags=False), CLUSTER)
    # team=a is already set; 42 and True go out as the strings EKS stores.
    assert steps[0]["args"]["tags"] == {"cost": "42", "on": "True"}
    assert predicted["tags"]["cost"] == "42"
    # ...and compare equal to them on the next run (compare_aws_tags compares as text).
    again = eks.plan_cluster(cluster_params(tags={"team": "a", "cost": 42, "on": True}, purge_tags=False), dict(CLUSTER, tags=predicted["tags"]))[0]
    assert [s for s in again if s["op"].startswith("tag")] == []
