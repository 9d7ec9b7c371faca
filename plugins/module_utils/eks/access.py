# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure planning for EKS access entries and pod identity associations.

Who owns what: every entry or association the platform creates carries the tag ``platform.runtime/owner`` (for
example ``team/payments``, ``platform-admins`` or ``platform/velero``). A call is authoritative for a set of owners
(``team/*`` means every team): what those owners have and the input no longer lists is removed; an entry of any other owner, or one
the platform did not create (no owner tag, such as the cluster creator's), is never touched, and desiring it is
refused before any change.

``team_access_entries`` turns the inventory's teams (``groups`` and ``iam_roles`` per tenant role) and the platform
administrators into those entries, refusing bad input (not an IAM role/user ARN, a ``system:`` group, one role in
two teams) before anything changes.
"""

from __future__ import annotations

import copy
import re

from ansible_collections.platform.runtime.plugins.module_utils.eks.plans import PlanError, plan_tag_steps, step
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors

OWNER_TAG = "platform.runtime/owner"
TENANT_ROLES = ("admin", "edit", "view")
ADMIN_OWNER = "platform-admins"
CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
ENTRY_TYPES = ("STANDARD",)
SCOPES = ("cluster", "namespace")

# IAM role or user ARN, any partition, with an optional path (SSO permission-set roles live under
# aws-reserved/sso.amazonaws.com/). STS assumed-role session ARNs are refused: EKS maps the role, not a session.
PRINCIPAL_RE = re.compile(r"^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)/[\w+=,.@/-]{1,512}$")
POLICY_RE = re.compile(r"^arn:aws(-[a-z]+)*:eks::aws:cluster-access-policy/[A-Za-z0-9]+$")
ROLE_ARN_HINT = "an IAM role or user ARN such as arn:aws:iam::111122223333:role/payments-dev (not an STS assumed-role ARN)"
GROUP_HINT = "a Kubernetes group name that does not start with 'system:' (those are Kubernetes' own)"


def team_owner(name):
    return f"team/{name}"


def owns(owners, owner):
    """Whether ``owner`` is in ``owners``; ``<kind>/*`` stands for every owner of that kind (``team/*``)."""
    if not owner:
        return False
    return owner in owners or any(o.endswith("/*") and str(owner).startswith(o[:-1]) for o in owners)


# --------------------------------------------------------------------------- validation


def check_group(errs, field, group):
    errs.require(isinstance(group, str) and group.strip() and not group.startswith("system:"), field, group, GROUP_HINT)


def validate_entries(entries, owners):
    """Every problem of a desired entry list, as messages; empty when valid."""
    errs = Errors()
    seen = {}
    for i, e in enumerate(entries or []):
        where = f"entries[{i}]"
        arn = e.get("principal_arn")
        if errs.require(isinstance(arn, str) and PRINCIPAL_RE.match(arn), f"{where}.principal_arn", arn, ROLE_ARN_HINT):
            if arn in seen:
                errs.add(f"{where}.principal_arn", arn, f"one entry per principal (entries[{seen[arn]}] has it too)")
            seen[arn] = i
        for j, g in enumerate(e.get("kubernetes_groups") or []):
            check_group(errs, f"{where}.kubernetes_groups[{j}]", g)
        errs.one_of(f"{where}.type", e.get("type") or "STANDARD", ENTRY_TYPES)
        if not owns(owners, e.get("owner")):
            errs.add(f"{where}.owner", e.get("owner"), f"one of the owners this run manages ({', '.join(owners)})")
        for k, p in enumerate(e.get("access_policies") or []):
            pf = f"{where}.access_policies[{k}]"
            errs.require(
                isinstance(p.get("policy_arn"), str) and POLICY_RE.match(p["policy_arn"]),
                f"{pf}.policy_arn",
                p.get("policy_arn"),
                "an EKS access policy ARN such as arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            )
            scope = p.get("scope") or "cluster"
            if errs.one_of(f"{pf}.scope", scope, SCOPES) and scope == "namespace":
                errs.require(p.get("namespaces"), f"{pf}.namespaces", p.get("namespaces"), "at least one namespace for scope=namespace")
    for o in owners:
        errs.require(isinstance(o, str) and o, "owners", o, "non-empty owner names such as team/payments or platform-admins")
    return errs.messages


def team_access_entries(teams, admins=None, environment=None):
    """``[entry]`` for every team's ``iam_roles`` and the platform administrators; raises ValidationError on bad input.

    A role listed under several tenant roles of one team gets the union of those roles' groups. ``environment``,
    when given, skips teams whose ``environments`` do not include it (their namespaces do not exist there).
    """
    errs = Errors()
    by_arn = {}  # arn -> (owner, entry)
    out = []
    for t in teams or []:
        if not isinstance(t, dict) or not t.get("iam_roles"):
            continue
        name = t.get("name")
        if environment and t.get("environments") and environment not in t["environments"]:
            continue
        prefix = f"team {name!r}: "
        roles = t["iam_roles"]
        if not isinstance(roles, dict):
            errs.add(f"{prefix}iam_roles", roles, "a mapping of tenant role (admin, edit, view) to a list of IAM role ARNs")
            continue
        groups = t.get("groups") or {}
        mine = {}
        for tenant_role, arns in roles.items():
            field = f"{prefix}iam_roles.{tenant_role}"
            if not errs.one_of(field, tenant_role, TENANT_ROLES) or not errs.string_list(field, arns) or not arns:
                continue
            role_groups = groups.get(tenant_role) or []
            if not errs.require(
                role_groups, f"{prefix}groups.{tenant_role}", role_groups, f"groups for the {tenant_role} role, which iam_roles.{tenant_role} maps IAM roles to"
            ):
                continue
            for g in role_groups:
                check_group(errs, f"{prefix}groups.{tenant_role}", g)
            for arn in arns:
                if not errs.require(PRINCIPAL_RE.match(arn), field, arn, ROLE_ARN_HINT):
                    continue
                other = by_arn.get(arn)
                if other and other[0] != team_owner(name):
                    errs.add(field, arn, f"a role no other team maps ({other[0]} maps it too): one IAM role is one access entry with one set of groups")
                    continue
                entry = mine.setdefault(
                    arn, {"principal_arn": arn, "kubernetes_groups": [], "owner": team_owner(name), "type": "STANDARD", "access_policies": []}
                )
                entry["kubernetes_groups"] = sorted(set(entry["kubernetes_groups"]) | set(role_groups))
                by_arn[arn] = (team_owner(name), entry)
        out.extend(mine[a] for a in sorted(mine))
    for i, arn in enumerate(admins or []):
        field = f"platform admins[{i}]"
        if not errs.require(isinstance(arn, str) and PRINCIPAL_RE.match(arn), field, arn, ROLE_ARN_HINT):
            continue
        if arn in by_arn:
            errs.add(field, arn, f"a role no team maps ({by_arn[arn][0]} maps it): administrators get their own entry")
            continue
        by_arn[arn] = (ADMIN_OWNER, None)
        out.append(
            {
                "principal_arn": arn,
                "kubernetes_groups": [],
                "owner": ADMIN_OWNER,
                "type": "STANDARD",
                "access_policies": [{"policy_arn": CLUSTER_ADMIN_POLICY, "scope": "cluster"}],
            }
        )
    errs.raise_if_any()
    return out


# --------------------------------------------------------------------------- access entries


def _scope(policy):
    if (policy.get("scope") or "cluster") == "namespace":
        return {"type": "namespace", "namespaces": sorted(policy.get("namespaces") or [])}
    return {"type": "cluster"}


def _described_scope(scope):
    scope = scope or {}
    if scope.get("type") == "namespace":
        return {"type": "namespace", "namespaces": sorted(scope.get("namespaces") or [])}
    return {"type": "cluster"}


def plan_access_entries(cluster, desired, current, owners, tags=None, purge=True):
    """Plan the calls that take ``current`` to ``desired``.

    ``current`` maps principal ARN -> ``{"entry": describe_access_entry's accessEntry, "policies": [associated]}``.
    Returns ``(steps, predicted)`` where ``predicted`` maps ARN -> ``{kubernetesGroups, tags, policies, owner}``.
    Raises PlanError for entries this call may not take over or change.
    """
    steps, predicted, refused = [], {}, []
    want = {e["principal_arn"]: e for e in desired}
    for arn, e in want.items():
        entry_tags = dict(tags or {}, **{OWNER_TAG: e["owner"]})
        groups = sorted(set(e.get("kubernetes_groups") or []))
        policies = {p["policy_arn"]: _scope(p) for p in e.get("access_policies") or []}
        have = current.get(arn)
        if have is None:
            args = {"clusterName": cluster, "principalArn": arn, "kubernetesGroups": groups, "tags": entry_tags, "type": e.get("type") or "STANDARD"}
            if e.get("username"):
                args["username"] = e["username"]
            steps.append(step("create_access_entry", args))
            for policy_arn, scope in sorted(policies.items()):
                steps.append(step("associate_access_policy", {"clusterName": cluster, "principalArn": arn, "policyArn": policy_arn, "accessScope": scope}))
            predicted[arn] = {"kubernetesGroups": groups, "tags": entry_tags, "policies": policies, "owner": e["owner"]}
            continue
        entry = have["entry"]
        owner = (entry.get("tags") or {}).get(OWNER_TAG)
        if owner != e["owner"] and not owns(owners, owner):
            who = f"owner {owner}" if owner else "no platform owner (created outside the platform, e.g. the cluster creator)"
            refused.append(f"{arn}: the access entry exists with {who}; {e['owner']} cannot take it over")
            continue
        if (entry.get("type") or "STANDARD") != (e.get("type") or "STANDARD"):
            refused.append(f"{arn}: type {entry.get('type')} cannot change to {e.get('type')}; delete the entry first")
            continue
        update = {}
        if sorted(entry.get("kubernetesGroups") or []) != groups:
            update["kubernetesGroups"] = groups
        if e.get("username") and e["username"] != entry.get("username"):
            update["username"] = e["username"]
        if update:
            steps.append(step("update_access_entry", dict(update, clusterName=cluster, principalArn=arn)))
        have_policies = {p["policyArn"]: _described_scope(p.get("accessScope")) for p in have.get("policies") or []}
        for policy_arn, scope in sorted(policies.items()):
            if have_policies.get(policy_arn) != scope:
                steps.append(step("associate_access_policy", {"clusterName": cluster, "principalArn": arn, "policyArn": policy_arn, "accessScope": scope}))
        for policy_arn in sorted(set(have_policies) - set(policies)):
            steps.append(step("disassociate_access_policy", {"clusterName": cluster, "principalArn": arn, "policyArn": policy_arn}))
        tag_steps, new_tags = plan_tag_steps(entry.get("accessEntryArn"), entry.get("tags"), {"tags": entry_tags, "purge_tags": True})
        steps.extend(tag_steps)
        predicted[arn] = {"kubernetesGroups": groups, "tags": new_tags, "policies": policies, "owner": e["owner"]}
    if refused:
        raise PlanError(f"cluster {cluster}: " + "; ".join(refused))
    for arn in sorted(set(current) - set(want)):
        owner = (current[arn]["entry"].get("tags") or {}).get(OWNER_TAG)
        if owner and owns(owners, owner) and purge:
            steps.append(step("delete_access_entry", {"clusterName": cluster, "principalArn": arn}))
    return steps, predicted


def snapshot(current):
    """The comparable view of described entries, for diffs: ARN -> groups, policies, owner and tags."""
    out = {}
    for arn, have in current.items():
        entry = have["entry"]
        out[arn] = {
            "kubernetesGroups": sorted(entry.get("kubernetesGroups") or []),
            "tags": dict(entry.get("tags") or {}),
            "policies": {p["policyArn"]: _described_scope(p.get("accessScope")) for p in have.get("policies") or []},
            "owner": (entry.get("tags") or {}).get(OWNER_TAG),
        }
    return out


def predicted_view(current, predicted, steps):
    """The whole set after the plan: untouched entries as they are, planned ones as predicted, deleted ones gone."""
    out = snapshot(current)
    out.update(copy.deepcopy(predicted))
    for s in steps:
        if s["op"] == "delete_access_entry":
            out.pop(s["args"]["principalArn"], None)
    return out


# --------------------------------------------------------------------------- pod identity associations


def validate_associations(associations, owners):
    errs = Errors()
    seen = {}
    for i, a in enumerate(associations or []):
        where = f"associations[{i}]"
        errs.dns1123_label(f"{where}.namespace", a.get("namespace"))
        errs.dns1123_subdomain(f"{where}.service_account", a.get("service_account"))
        role = a.get("role_arn")
        errs.require(isinstance(role, str) and PRINCIPAL_RE.match(role) and ":role/" in role, f"{where}.role_arn", role, "an IAM role ARN")
        key = (a.get("namespace"), a.get("service_account"))
        if key in seen:
            errs.add(f"{where}.service_account", f"{key[0]}/{key[1]}", f"one association per service account (associations[{seen[key]}] has it too)")
        seen[key] = i
        if not owns(owners, a.get("owner")):
            errs.add(f"{where}.owner", a.get("owner"), f"one of the owners this run manages ({', '.join(owners)})")
    return errs.messages


def plan_associations(cluster, desired, current, owners, tags=None, purge=True):
    """Plan pod identity association calls. ``current`` is a list of described associations.

    Returns ``(steps, predicted)``; ``predicted`` maps ``namespace/service_account`` -> ``{roleArn, owner, tags}``.
    """
    steps, predicted, refused = [], {}, []
    have = {(a["namespace"], a["serviceAccount"]): a for a in current}
    want = {(a["namespace"], a["service_account"]): a for a in desired}
    for key, a in sorted(want.items()):
        a_tags = dict(tags or {}, **{OWNER_TAG: a["owner"]})
        cur = have.get(key)
        name = f"{key[0]}/{key[1]}"
        if cur is None:
            steps.append(
                step(
                    "create_pod_identity_association",
                    {"clusterName": cluster, "namespace": key[0], "serviceAccount": key[1], "roleArn": a["role_arn"], "tags": a_tags},
                )
            )
            predicted[name] = {"roleArn": a["role_arn"], "owner": a["owner"], "tags": a_tags}
            continue
        owner = (cur.get("tags") or {}).get(OWNER_TAG)
        if owner != a["owner"] and not owns(owners, owner):
            refused.append(f"{name}: the association exists with {('owner ' + owner) if owner else 'no platform owner'}; {a['owner']} cannot take it over")
            continue
        if cur.get("roleArn") != a["role_arn"]:
            steps.append(step("update_pod_identity_association", {"clusterName": cluster, "associationId": cur["associationId"], "roleArn": a["role_arn"]}))
        tag_steps, new_tags = plan_tag_steps(cur.get("associationArn"), cur.get("tags"), {"tags": a_tags, "purge_tags": True})
        steps.extend(tag_steps)
        predicted[name] = {"roleArn": a["role_arn"], "owner": a["owner"], "tags": new_tags}
    if refused:
        raise PlanError(f"cluster {cluster}: " + "; ".join(refused))
    for key in sorted(set(have) - set(want)):
        owner = (have[key].get("tags") or {}).get(OWNER_TAG)
        if owner and owns(owners, owner) and purge:
            steps.append(step("delete_pod_identity_association", {"clusterName": cluster, "associationId": have[key]["associationId"]}))
    return steps, predicted


def association_view(current):
    return {
        f"{a['namespace']}/{a['serviceAccount']}": {
            "roleArn": a.get("roleArn"),
            "owner": (a.get("tags") or {}).get(OWNER_TAG),
            "tags": dict(a.get("tags") or {}),
        }
        for a in current
    }


def associations_after(current, predicted, steps):
    """The whole set after the plan: untouched as they are, planned as predicted, deleted ones gone."""
    out = association_view(current)
    out.update(copy.deepcopy(predicted))
    deleted = {s["args"]["associationId"] for s in steps if s["op"] == "delete_pod_identity_association"}
    for a in current:
        if a["associationId"] in deleted:
            out.pop(f"{a['namespace']}/{a['serviceAccount']}", None)
    return out
