# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""From the inventory's teams to access entries: validation, ownership, and agreement with onboarding's RoleBindings."""

import pathlib

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob
from ansible_collections.platform.runtime.plugins.module_utils.eks import access as eks_access
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError

ROOT = pathlib.Path(__file__).resolve().parents[4]
A = "arn:aws:iam::111122223333:role/"


def team(name="payments", groups=None, iam_roles=None, **kw):
    t = {
        "name": name,
        "owners": [f"{name}-lead@example.com"],
        "groups": groups or {"admin": [f"{name}-admins"], "edit": [f"{name}-developers"], "view": [f"{name}-viewers"]},
        "environments": ["dev", "prod"],
        "iam_roles": iam_roles if iam_roles is not None else {"admin": [A + f"{name}-admin"], "edit": [A + f"{name}-dev"], "view": [A + f"{name}-view"]},
    }
    t.update(kw)
    return t


def by_arn(entries):
    return {e["principal_arn"]: e for e in entries}


def test_one_entry_per_role_with_the_teams_groups_and_admins_get_the_cluster_admin_policy():
    entries = by_arn(eks_access.team_access_entries([team(), team("backend")], admins=[A + "platform-admin"]))
    assert entries[A + "payments-dev"]["kubernetes_groups"] == ["payments-developers"]
    assert entries[A + "backend-view"] == {
        "principal_arn": A + "backend-view",
        "kubernetes_groups": ["backend-viewers"],
        "owner": "team/backend",
        "type": "STANDARD",
        "access_policies": [],
    }
    assert entries[A + "platform-admin"]["access_policies"] == [{"policy_arn": eks_access.CLUSTER_ADMIN_POLICY, "scope": "cluster"}]
    assert entries[A + "platform-admin"]["kubernetes_groups"] == [] and len(entries) == 7


def test_a_role_under_two_tenant_roles_of_one_team_gets_both_groups():
    entries = eks_access.team_access_entries([team(iam_roles={"edit": [A + "x"], "view": [A + "x"]})])
    assert entries == [
        {
            "principal_arn": A + "x",
            "kubernetes_groups": ["payments-developers", "payments-viewers"],
            "owner": "team/payments",
            "type": "STANDARD",
            "access_policies": [],
        }
    ]


def test_an_empty_list_maps_nothing_and_needs_no_groups():
    assert eks_access.team_access_entries([team(groups={"edit": ["payments-developers"]}, iam_roles={"edit": [A + "x"], "view": []})]) == [
        {"principal_arn": A + "x", "kubernetes_groups": ["payments-developers"], "owner": "team/payments", "type": "STANDARD", "access_policies": []}
    ]


def test_teams_not_in_the_environment_and_teams_without_iam_roles_get_nothing():
    assert eks_access.team_access_entries([team(environments=["dev"]), team("backend", iam_roles={})], environment="prod") == []
    assert len(eks_access.team_access_entries([team(environments=["dev"])], environment="dev")) == 3


@pytest.mark.parametrize(
    "teams, admins, fragment",
    [
        (
            [team(iam_roles={"edit": ["arn:aws:sts::111122223333:assumed-role/dev/alice"]})],
            [],
            "iam_roles.edit='arn:aws:sts::111122223333:assumed-role/dev/alice': expected an IAM role or user ARN",
        ),
        ([team(iam_roles={"edit": ["payments-dev"]})], [], "expected an IAM role or user ARN"),
        ([team(groups={"edit": ["system:masters"]}, iam_roles={"edit": [A + "x"]})], [], "groups.edit='system:masters'"),
        ([team(), team("backend", iam_roles={"edit": [A + "payments-dev"]})], [], "team/payments maps it too"),
        ([team()], [A + "payments-dev"], "platform admins[0]='arn:aws:iam::111122223333:role/payments-dev': expected a role no team maps"),
        ([team(iam_roles={"owner": [A + "x"]})], [], "iam_roles.owner='owner': expected one of admin, edit, view"),
        ([team(groups={"edit": ["payments-developers"]}, iam_roles={"view": [A + "x"]})], [], "groups.view=[]: expected groups for the view role"),
        ([team(iam_roles=[A + "x"])], [], "iam_roles=["),
    ],
)
def test_bad_input_is_refused_with_field_value_and_expectation(teams, admins, fragment):
    with pytest.raises(ValidationError) as e:
        eks_access.team_access_entries(teams, admins=admins)
    assert fragment in str(e.value), str(e.value)


def test_every_error_is_reported_at_once():
    with pytest.raises(ValidationError) as e:
        eks_access.team_access_entries([team(groups={"edit": ["system:nodes"], "view": ["v"]}, iam_roles={"edit": ["bad"], "view": ["worse"]})])
    assert len(e.value.errors) == 3


def test_owners_wildcard_covers_teams_only():
    assert eks_access.owns(["team/*"], "team/payments") and not eks_access.owns(["team/*"], "platform-admins")
    assert not eks_access.owns(["team/payments"], "team/backend") and not eks_access.owns(["team/*"], None)


@pytest.mark.parametrize("inventory", ["staging", "prod"])
def test_onboarding_role_bindings_and_access_entries_agree(inventory):
    """For the inventory's own teams (with iam_roles added), each tenant role's RoleBinding binds exactly the groups
    that the access entries of that role's IAM roles carry: an SSO role lands in the groups RBAC grants."""
    raw = yaml.safe_load((ROOT / "inventories" / inventory / "group_vars" / "all" / "teams.yml").read_text())["platform_teams"]
    for t in raw:
        t["iam_roles"] = {role: [A + f"{t['name']}-{role}-{inventory}"] for role in ob.ROLES if t["groups"].get(role)}
    entries = by_arn(eks_access.team_access_entries(raw, environment=inventory))
    known = set(ob.TEAM_KEYS)
    onboarding_input = [{k: v for k, v in t.items() if k in known} for t in raw]
    normalized = ob.validate_teams(onboarding_input, inventory, ob.merge_settings())
    checked = 0
    for t, raw_team in zip(normalized, raw):
        if inventory not in t["environments"]:
            continue
        ns = ob.namespace_for(t, inventory)
        for binding in ob.build_role_bindings(t, inventory, ns):
            role = binding["roleRef"]["name"].removeprefix("platform-tenant-")  # the tenant ClusterRole of admin/edit/view
            rbac_groups = sorted(s["name"] for s in binding["subjects"] if s["kind"] == "Group")
            for arn in raw_team["iam_roles"].get(role, []):
                assert entries[arn]["kubernetes_groups"] == rbac_groups, (t["name"], role)
                assert entries[arn]["owner"] == f"team/{t['name']}"
                checked += 1
    assert checked >= 6
