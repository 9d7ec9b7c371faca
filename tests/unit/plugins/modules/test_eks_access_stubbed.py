# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Access entries and pod identity associations through botocore's Stubber: moto 5.2.5 serves neither API
(404 for /clusters/<name>/access-entries and /pod-identity-associations). Stubber checks every request against
botocore's EKS service model and the exact expected parameters; the recorder proves check mode sends no mutation."""

import datetime

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.platform.runtime.plugins.module_utils.eks import access as eks_access
from ansible_collections.platform.runtime.plugins.module_utils.eks import plans as eks
from ansible_collections.platform.runtime.plugins.module_utils.eks import service
from ansible_collections.platform.runtime.tests.support.aws import OperationRecorder

ACCOUNT = "111122223333"
DEV = f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PaymentsDev_0123456789abcdef"
VIEW = f"arn:aws:iam::{ACCOUNT}:role/payments-view"
ADMIN = f"arn:aws:iam::{ACCOUNT}:role/platform-admin"
CREATOR = f"arn:aws:iam::{ACCOUNT}:role/ci-creator"
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
ADMIN_POLICY = eks_access.CLUSTER_ADMIN_POLICY


@pytest.fixture
def api():
    client = boto3.client("eks", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x", endpoint_url="https://eks.invalid")
    client.recorder = OperationRecorder(client)
    with Stubber(client) as stub:
        client.stub = stub
        yield client
        stub.assert_no_pending_responses()


def teams(dev_groups=("payments-developers",)):
    return [
        {
            "name": "payments",
            "groups": {"admin": ["payments-admins"], "edit": list(dev_groups), "view": ["payments-viewers"]},
            "iam_roles": {"edit": [DEV], "view": [VIEW]},
        }
    ]


def params(entries, owners=None, **kw):
    p = {"cluster_name": "c1", "entries": entries, "owners": owners, "tags": {"platform": "runtime"}, "purge": True, "wait": False, "wait_timeout": 60}
    p.update(kw)
    return p


def entry_arn(principal):
    return f"arn:aws:eks:eu-west-1:{ACCOUNT}:access-entry/c1/role/{ACCOUNT}/{principal.rsplit('/', 1)[-1]}/abcd"


def described(principal, groups, owner, tags=None):
    t = {"platform": "runtime"} if tags is None else dict(tags)
    if owner:
        t[eks_access.OWNER_TAG] = owner
    return {
        "accessEntry": {
            "clusterName": "c1",
            "principalArn": principal,
            "kubernetesGroups": list(groups),
            "accessEntryArn": entry_arn(principal),
            "createdAt": NOW,
            "modifiedAt": NOW,
            "tags": t,
            "username": principal,
            "type": "STANDARD",
        }
    }


def stub_describe_all(stub, entries):
    """list -> (describe, list policies) per entry; ``entries`` is [(arn, groups, owner, policies, tags)]."""
    stub.add_response("list_access_entries", {"accessEntries": [e[0] for e in entries]}, {"clusterName": "c1"})
    for arn, groups, owner, policies, tags in entries:
        stub.add_response("describe_access_entry", described(arn, groups, owner, tags), {"clusterName": "c1", "principalArn": arn})
        stub.add_response(
            "list_associated_access_policies",
            {
                "clusterName": "c1",
                "principalArn": arn,
                "associatedAccessPolicies": [{"policyArn": p, "accessScope": s, "associatedAt": NOW, "modifiedAt": NOW} for p, s in policies],
            },
            {"clusterName": "c1", "principalArn": arn},
        )


OWNED = [
    (DEV, ["payments-developers"], "team/payments", [], None),
    (VIEW, ["payments-viewers"], "team/payments", [], None),
    (ADMIN, [], "platform-admins", [(ADMIN_POLICY, {"type": "cluster"})], None),
]


def planned():
    return eks_access.team_access_entries(teams(), admins=[ADMIN])


def test_create_then_rerun_is_unchanged(api):
    s = api.stub
    s.add_response("list_access_entries", {"accessEntries": [CREATOR]}, {"clusterName": "c1"})
    s.add_response("describe_access_entry", described(CREATOR, [], None, tags={}), {"clusterName": "c1", "principalArn": CREATOR})
    s.add_response(
        "list_associated_access_policies",
        {"clusterName": "c1", "principalArn": CREATOR, "associatedAccessPolicies": []},
        {"clusterName": "c1", "principalArn": CREATOR},
    )
    tags = {"platform": "runtime", eks_access.OWNER_TAG: "team/payments"}
    s.add_response(
        "create_access_entry",
        described(DEV, ["payments-developers"], "team/payments"),
        {"clusterName": "c1", "principalArn": DEV, "kubernetesGroups": ["payments-developers"], "tags": tags, "type": "STANDARD"},
    )
    s.add_response(
        "create_access_entry",
        described(VIEW, ["payments-viewers"], "team/payments"),
        {"clusterName": "c1", "principalArn": VIEW, "kubernetesGroups": ["payments-viewers"], "tags": tags, "type": "STANDARD"},
    )
    admin_tags = {"platform": "runtime", eks_access.OWNER_TAG: "platform-admins"}
    s.add_response(
        "create_access_entry",
        described(ADMIN, [], "platform-admins"),
        {"clusterName": "c1", "principalArn": ADMIN, "kubernetesGroups": [], "tags": admin_tags, "type": "STANDARD"},
    )
    s.add_response(
        "associate_access_policy",
        {"clusterName": "c1", "principalArn": ADMIN, "associatedAccessPolicy": {"policyArn": ADMIN_POLICY, "accessScope": {"type": "cluster"}}},
        {"clusterName": "c1", "principalArn": ADMIN, "policyArn": ADMIN_POLICY, "accessScope": {"type": "cluster"}},
    )
    result = service.access_entries(api, params(planned(), owners=["team/*", "platform-admins"]), want_diff=True)
    assert result["changed"] and [u["op"] for u in result["updates"]] == ["create_access_entry"] * 3 + ["associate_access_policy"]
    # The cluster creator's entry has no platform owner: kept, not deleted.
    assert CREATOR in result["entries"] and result["entries"][DEV]["kubernetesGroups"] == ["payments-developers"]
    assert result["diff"]["before"] == {CREATOR: {"kubernetesGroups": [], "tags": {}, "policies": {}, "owner": None}}

    stub_describe_all(s, OWNED)
    again = service.access_entries(api, params(planned(), owners=["team/*", "platform-admins"]))
    assert again["changed"] is False and again["updates"] == []


def test_groups_policy_scope_tags_and_removed_entries_are_reconciled(api):
    s = api.stub
    gone = f"arn:aws:iam::{ACCOUNT}:role/payments-old"
    stub_describe_all(
        s,
        [
            (DEV, ["payments-developers"], "team/payments", [], {"platform": "old"}),
            (VIEW, ["payments-viewers"], "team/payments", [], None),
            (gone, ["payments-developers"], "team/payments", [], None),
            (
                ADMIN,
                [],
                "platform-admins",
                [
                    (ADMIN_POLICY, {"type": "namespace", "namespaces": ["x"]}),
                    ("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", {"type": "cluster"}),
                ],
                None,
            ),
        ],
    )
    tags = {"platform": "runtime", eks_access.OWNER_TAG: "team/payments"}
    s.add_response(
        "update_access_entry",
        described(DEV, ["payments-developers", "payments-oncall"], "team/payments"),
        {"clusterName": "c1", "principalArn": DEV, "kubernetesGroups": ["payments-developers", "payments-oncall"]},
    )
    s.add_response("tag_resource", {}, {"resourceArn": entry_arn(DEV), "tags": {"platform": "runtime"}})
    s.add_response(
        "associate_access_policy",
        {"clusterName": "c1", "principalArn": ADMIN, "associatedAccessPolicy": {"policyArn": ADMIN_POLICY}},
        {"clusterName": "c1", "principalArn": ADMIN, "policyArn": ADMIN_POLICY, "accessScope": {"type": "cluster"}},
    )
    s.add_response(
        "disassociate_access_policy",
        {},
        {"clusterName": "c1", "principalArn": ADMIN, "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"},
    )
    s.add_response("delete_access_entry", {}, {"clusterName": "c1", "principalArn": gone})
    desired = eks_access.team_access_entries(teams(dev_groups=("payments-developers", "payments-oncall")), admins=[ADMIN])
    result = service.access_entries(api, params(desired, owners=["team/*", "platform-admins"]), want_diff=True)
    assert [u["op"] for u in result["updates"]] == [
        "update_access_entry",
        "tag_resource",
        "associate_access_policy",
        "disassociate_access_policy",
        "delete_access_entry",
    ]
    assert gone not in result["entries"] and gone in result["diff"]["before"]
    assert result["entries"][DEV]["tags"] == tags


def test_check_mode_plans_and_sends_no_mutation(api):
    stub_describe_all(api.stub, OWNED[:1])
    desired = eks_access.team_access_entries(teams(dev_groups=("payments-oncall",)), admins=[ADMIN])
    result = service.access_entries(api, params(desired, owners=["team/*", "platform-admins"]), check_mode=True, want_diff=True)
    assert [u["op"] for u in result["updates"]] == ["update_access_entry", "create_access_entry", "create_access_entry", "associate_access_policy"]
    assert api.recorder.mutating == [] and api.recorder.operations == ["list_access_entries", "describe_access_entry", "list_associated_access_policies"]
    assert result["diff"]["after"][DEV]["kubernetesGroups"] == ["payments-oncall"]


def test_offboarding_removes_only_the_teams_entries(api):
    stub_describe_all(api.stub, OWNED + [(CREATOR, [], None, [], {})])
    api.stub.add_response("delete_access_entry", {}, {"clusterName": "c1", "principalArn": DEV})
    api.stub.add_response("delete_access_entry", {}, {"clusterName": "c1", "principalArn": VIEW})
    result = service.access_entries(api, params([], owners=["team/payments"]))
    assert sorted(result["entries"]) == sorted([ADMIN, CREATOR])


def test_taking_over_another_owners_entry_is_refused_before_any_change(api):
    stub_describe_all(api.stub, [(DEV, ["backend-developers"], "team/backend", [], None), (CREATOR, [], None, [], {})])
    # Onboarding payments alone: DEV belongs to backend, so nothing is changed, not even the entries that are free.
    with pytest.raises(eks.PlanError, match="exists with owner team/backend; team/payments cannot take it over"):
        service.access_entries(api, params(eks_access.team_access_entries(teams()), owners=["team/payments"]))
    assert api.recorder.mutating == []
    creator = [{"principal_arn": CREATOR, "kubernetes_groups": ["x"], "owner": "platform-admins", "type": "STANDARD", "access_policies": []}]
    stub_describe_all(api.stub, [(CREATOR, [], None, [], {})])
    with pytest.raises(eks.PlanError, match="no platform owner"):
        service.access_entries(api, params(creator, owners=["platform-admins"]))
    assert api.recorder.mutating == []


@pytest.mark.parametrize(
    "entry, fragment",
    [
        ({"principal_arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/dev/alice"}, "not an STS assumed-role ARN"),
        ({"principal_arn": "payments-dev"}, "an IAM role or user ARN"),
        ({"kubernetes_groups": ["system:masters"]}, "kubernetes_groups[0]='system:masters'"),
        ({"owner": "team/other"}, "entries[0].owner='team/other': expected one of the owners"),
        ({"access_policies": [{"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}, "an EKS access policy ARN"),
        ({"access_policies": [{"policy_arn": ADMIN_POLICY, "scope": "namespace"}]}, "at least one namespace"),
    ],
)
def test_bad_entries_fail_before_any_call(api, entry, fragment):
    e = dict({"principal_arn": DEV, "kubernetes_groups": ["payments-developers"], "owner": "team/payments", "type": "STANDARD", "access_policies": []}, **entry)
    with pytest.raises(ValueError) as err:
        service.access_entries(api, params([e], owners=["team/payments"]))
    assert fragment in str(err.value)
    assert api.recorder.operations == []


# --------------------------------------------------------------------------- pod identity

EBS_ROLE = f"arn:aws:iam::{ACCOUNT}:role/c1-ebs-csi"
VELERO_ROLE = f"arn:aws:iam::{ACCOUNT}:role/c1-velero"


def association(aid, ns, sa, role, owner):
    tags = {"platform": "runtime", eks_access.OWNER_TAG: owner} if owner else {}
    return {
        "clusterName": "c1",
        "namespace": ns,
        "serviceAccount": sa,
        "roleArn": role,
        "associationId": aid,
        "associationArn": f"arn:aws:eks:eu-west-1:{ACCOUNT}:podidentityassociation/c1/{aid}",
        "tags": tags,
        "createdAt": NOW,
        "modifiedAt": NOW,
    }


def stub_associations(stub, items):
    stub.add_response(
        "list_pod_identity_associations",
        {"associations": [{k: a[k] for k in ("clusterName", "namespace", "serviceAccount", "associationArn", "associationId")} for a in items]},
        {"clusterName": "c1"},
    )
    for a in items:
        stub.add_response("describe_pod_identity_association", {"association": a}, {"clusterName": "c1", "associationId": a["associationId"]})


def pparams(associations, owners=None):
    return {
        "cluster_name": "c1",
        "associations": associations,
        "owners": owners,
        "tags": {"platform": "runtime"},
        "purge": True,
        "wait": False,
        "wait_timeout": 60,
    }


WANT = [
    {"namespace": "kube-system", "service_account": "ebs-csi-controller-sa", "role_arn": EBS_ROLE, "owner": "platform/ebs-csi"},
    {"namespace": "velero", "service_account": "velero", "role_arn": VELERO_ROLE, "owner": "platform/velero"},
]


def test_pod_identity_create_rerun_change_remove(api):
    s = api.stub
    stub_associations(s, [])
    for w, aid in zip(WANT, ("a-1", "a-2")):
        tags = {"platform": "runtime", eks_access.OWNER_TAG: w["owner"]}
        s.add_response(
            "create_pod_identity_association",
            {"association": association(aid, w["namespace"], w["service_account"], w["role_arn"], w["owner"])},
            {"clusterName": "c1", "namespace": w["namespace"], "serviceAccount": w["service_account"], "roleArn": w["role_arn"], "tags": tags},
        )
    created = service.pod_identity(api, pparams(WANT))
    assert [u["op"] for u in created["updates"]] == ["create_pod_identity_association"] * 2
    live = [
        association("a-1", "kube-system", "ebs-csi-controller-sa", EBS_ROLE, "platform/ebs-csi"),
        association("a-2", "velero", "velero", VELERO_ROLE, "platform/velero"),
    ]

    stub_associations(s, live)
    assert service.pod_identity(api, pparams(WANT))["changed"] is False

    other = f"arn:aws:iam::{ACCOUNT}:role/c1-velero-v2"
    stub_associations(s, live)
    s.add_response(
        "update_pod_identity_association", {"association": dict(live[1], roleArn=other)}, {"clusterName": "c1", "associationId": "a-2", "roleArn": other}
    )
    changed = service.pod_identity(api, pparams([WANT[0], dict(WANT[1], role_arn=other)]), want_diff=True)
    assert [u["op"] for u in changed["updates"]] == ["update_pod_identity_association"]
    assert changed["diff"]["before"]["velero/velero"]["roleArn"] == VELERO_ROLE and changed["diff"]["after"]["velero/velero"]["roleArn"] == other

    stub_associations(s, live)
    s.add_response("delete_pod_identity_association", {"association": live[1]}, {"clusterName": "c1", "associationId": "a-2"})
    removed = service.pod_identity(api, pparams([], owners=["platform/velero"]))
    assert sorted(removed["associations"]) == ["kube-system/ebs-csi-controller-sa"]


def test_pod_identity_check_mode_and_refusals(api):
    stub_associations(api.stub, [])
    predicted = service.pod_identity(api, pparams(WANT), check_mode=True)
    assert predicted["changed"] and api.recorder.mutating == []
    stub_associations(api.stub, [association("a-9", "velero", "velero", VELERO_ROLE, None)])
    with pytest.raises(eks.PlanError, match="velero/velero: the association exists with no platform owner"):
        service.pod_identity(api, pparams(WANT))
    with pytest.raises(
        ValueError, match="associations\\[1\\].service_account='kube-system/ebs-csi-controller-sa': expected one association per service account"
    ):
        service.pod_identity(api, pparams([WANT[0], WANT[0]]))
    assert api.recorder.mutating == []
