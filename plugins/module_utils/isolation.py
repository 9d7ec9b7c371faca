# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tenant isolation, shown on the live cluster: what each team identity may do, asked of the API server.

``team_identities`` finds each team's identities from what onboarding applied: the groups and service accounts of
its ``team-<role>`` RoleBindings, its ``deployer`` ServiceAccount and the ServiceAccount its Flux Kustomizations run
as. ``review_cells`` lays out the SubjectAccessReviews per identity (the verb/kind matrix in its own namespaces, in
other teams' namespaces and cluster-wide), ``ask`` sends them concurrently over the client's one connection pool, and
``judge_rbac`` turns the answers into failing rows that name the identity, verb, resource and namespace.
``judge_network`` compares NetworkPolicies with AuthorizationPolicies per team namespace as the report does.

Grouping: the RBAC authorizer's answer depends only on the bindings that name an identity, so identities with the
same bindings (the edit groups of fifty teams, each bound to platform-tenant-edit in its own namespace by team-edit)
are asked once for all of them (``signature``); every cell is still judged for its own identity and namespace, and the
counts say how many cells were checked and how many reviews were sent. ``every_cell`` asks each cell on its own.

Other teams' namespaces: a RoleBinding grants only the subjects it names, so an identity is asked about in each other
team namespace where a RoleBinding names it (its user, one of its groups, ``system:authenticated`` among them); grants
through ClusterRoleBindings, which hold in every namespace, show in the cluster-wide reviews, which ask the namespaced
kinds across all namespaces. Asking all 8 verbs x 18 kinds in every other team's namespace instead would cost
teams x identities x (teams - 1) x 144 reviews (1.8 million for 50 teams) and find nothing more.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.platform.runtime.plugins.module_utils.mesh import traffic
from ansible_collections.platform.runtime.plugins.module_utils.onboarding import DEPLOYER_SA, MANAGED_BY, ROLES, TEAM_LABEL

SAR_PATH = "/apis/authorization.k8s.io/v1/subjectaccessreviews"
VERBS = ("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection")
WRITE_VERBS = ("create", "update", "patch", "delete", "deletecollection")
RBAC_GROUP = "rbac.authorization.k8s.io"
# The kinds the platform owns in a team namespace: read-only for every team identity. (group, resource, kind)
PLATFORM_OWNED = (
    ("networking.k8s.io", "networkpolicies", "NetworkPolicy"),
    ("", "resourcequotas", "ResourceQuota"),
    ("", "limitranges", "LimitRange"),
    ("security.istio.io", "peerauthentications", "PeerAuthentication"),
    ("security.istio.io", "authorizationpolicies", "AuthorizationPolicy"),
    ("external-secrets.io", "externalsecrets", "ExternalSecret"),
    ("external-secrets.io", "secretstores", "SecretStore"),
    ("source.toolkit.fluxcd.io", "gitrepositories", "GitRepository"),
    ("kustomize.toolkit.fluxcd.io", "kustomizations", "Kustomization"),
)
# The RoleBindings to the tenant roles that onboarding applies (asked by name: "RoleBinding team-edit").
PLATFORM_BINDINGS = tuple(f"team-{role}" for role in ROLES)
# What a team runs: asked in every scope to show what an identity may do, and to catch grants outside its namespaces.
WORKLOAD_KINDS = (
    ("", "pods"),
    ("", "pods/exec"),
    ("", "secrets"),
    ("", "configmaps"),
    ("", "services"),
    ("", "serviceaccounts"),
    ("apps", "deployments"),
    (RBAC_GROUP, "roles"),
    (RBAC_GROUP, "rolebindings"),
)
NAMESPACED = tuple((g, r) for g, r, _k in PLATFORM_OWNED) + WORKLOAD_KINDS
CLUSTER_KINDS = (
    ("", "namespaces"),
    ("", "nodes"),
    ("", "persistentvolumes"),
    (RBAC_GROUP, "clusterroles"),
    (RBAC_GROUP, "clusterrolebindings"),
    ("apiextensions.k8s.io", "customresourcedefinitions"),
    ("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
    ("external-secrets.io", "clustersecretstores"),
)
# Verbs that are not reads or writes but escalate: impersonation, and binding or escalating any ClusterRole.
ESCALATIONS = (
    ("impersonate", "", "users"),
    ("impersonate", "", "groups"),
    ("impersonate", "", "serviceaccounts"),
    ("bind", RBAC_GROUP, "clusterroles"),
    ("escalate", RBAC_GROUP, "clusterroles"),
)
OWN, OTHER, CLUSTER = "own", "other", "cluster"


def _sa_identity(namespace, name):
    return {
        "user": f"system:serviceaccount:{namespace}:{name}",
        "groups": ["system:serviceaccounts", f"system:serviceaccounts:{namespace}", "system:authenticated"],
    }


def _platform_binding(rb, team=None):
    md = rb.get("metadata") or {}
    labels = md.get("labels") or {}
    return md.get("name") in PLATFORM_BINDINGS and labels.get("app.kubernetes.io/managed-by") == MANAGED_BY and (team is None or labels.get(TEAM_LABEL) == team)


def team_identities(team, namespaces, bindings, kustomizations=()):
    """The identities of ``team`` (its namespaces ``namespaces``): [{name, role, user, groups}], deduplicated.

    ``bindings``: RoleBindings of the team namespaces; ``kustomizations``: the Flux Kustomizations in them (or none).
    A group member is asked as a user of that group and ``system:authenticated``, as the API server sees one.
    """
    found = {}

    def add(name, role, ident):
        key = (ident["user"], tuple(ident["groups"]))
        if key in found:
            if role not in found[key]["role"].split("+"):
                found[key]["role"] += "+" + role
                found[key]["name"] += " = " + name
            return
        found[key] = dict(ident, name=name, role=role)

    for rb in sorted(bindings, key=lambda b: (b["metadata"].get("namespace", ""), b["metadata"]["name"])):
        if rb["metadata"].get("namespace") not in namespaces or not _platform_binding(rb, team):
            continue
        role = rb["metadata"]["name"][len("team-") :]
        for s in rb.get("subjects") or []:
            if s.get("kind") == "Group":
                add(f"group {s['name']} ({role})", role, {"user": f"platform-verify-probe:{team}:{role}", "groups": [s["name"], "system:authenticated"]})
            elif s.get("kind") == "ServiceAccount" and s.get("name") != DEPLOYER_SA:
                add(f"serviceaccount {s.get('namespace')}/{s['name']} ({role})", role, _sa_identity(s.get("namespace"), s["name"]))
            elif s.get("kind") == "User":
                add(f"user {s['name']} ({role})", role, {"user": s["name"], "groups": ["system:authenticated"]})
    for ns in namespaces:
        add(f"deployer {ns}/{DEPLOYER_SA}", "deployer", _sa_identity(ns, DEPLOYER_SA))
    for k in kustomizations:
        ns = k["metadata"].get("namespace")
        sa = (k.get("spec") or {}).get("serviceAccountName")
        if ns in namespaces and sa:
            add(f"flux-tenant {ns}/{sa}", "flux", _sa_identity(ns, sa))
    return list(found.values())


def _names(identity, subject):
    kind, name = subject.get("kind"), subject.get("name")
    if kind == "Group":
        return name in identity["groups"]
    if kind == "User":
        return name == identity["user"]
    if kind == "ServiceAccount":
        return identity["user"] == f"system:serviceaccount:{subject.get('namespace')}:{name}"
    return False


def bindings_naming(identity, bindings):
    """{namespace: [binding names]} of the RoleBindings that name the identity (directly or through its groups)."""
    out = {}
    for rb in bindings:
        if any(_names(identity, s) for s in rb.get("subjects") or []):
            out.setdefault(rb["metadata"].get("namespace"), []).append(rb["metadata"]["name"])
    return out


def expected_namespaces(identity, own, bindings):
    """The team's namespaces, plus those where the platform's own team bindings name the identity (a shared group)."""
    out = set(own)
    for rb in bindings:
        if _platform_binding(rb) and any(_names(identity, s) for s in rb.get("subjects") or []):
            out.add(rb["metadata"].get("namespace"))
    return out


def _cell(team, identity, scope, namespace, verb, group, resource, name=None):
    return {
        "team": team,
        "identity": identity,
        "scope": scope,
        "namespace": namespace,
        "verb": verb,
        "group": group,
        "resource": resource,
        "name": name,
    }


def matrix(team, identity, scope, namespace):
    """The verb/kind cells of one identity in one scope."""
    out = []
    for group, resource in NAMESPACED:
        for verb in VERBS:
            name = None
            if scope == OWN and resource == "rolebindings" and verb in ("update", "patch", "delete"):
                name = "team-edit"  # a RoleBinding to the tenant roles, by name
            out.append(_cell(team, identity, scope, namespace, verb, group, resource, name))
    if scope == OWN:
        for verb in ("update", "patch", "delete"):
            for rb in PLATFORM_BINDINGS:
                if rb != "team-edit":
                    out.append(_cell(team, identity, scope, namespace, verb, RBAC_GROUP, "rolebindings", rb))
    if scope == CLUSTER:
        for group, resource in CLUSTER_KINDS:
            for verb in VERBS:
                out.append(_cell(team, identity, scope, "", verb, group, resource))
        for verb, group, resource in ESCALATIONS:
            out.append(_cell(team, identity, scope, "", verb, group, resource))
    return out


def signature(identity, scope, namespace, bindings_in, cluster_bindings):
    """What the RBAC authorizer's answer for ``identity`` in this scope depends on: the ClusterRoleBindings that name
    it, and in a namespace the roles of the RoleBindings there that name it. Two identities with the same signature
    get the same answer to every cell, so one of them is asked for both. A namespaced Role is specific to its
    namespace: a signature with one is never shared."""
    crbs = tuple(sorted(b["metadata"]["name"] for b in cluster_bindings if any(_names(identity, s) for s in b.get("subjects") or [])))
    if scope == CLUSTER:
        return (CLUSTER, crbs)
    roles = []
    for rb in bindings_in.get(namespace, ()):
        if any(_names(identity, s) for s in rb.get("subjects") or []):
            ref = rb.get("roleRef") or {}
            roles.append((ref.get("kind"), ref.get("name"), namespace if ref.get("kind") != "ClusterRole" else ""))
    return (scope, crbs, tuple(sorted(roles)))


def review_cells(teams, bindings, cluster_bindings=(), every_cell=False):
    """(cells, asked): every cell to judge, and the SubjectAccessReviews to send; ``cell["asked"]`` is the index of
    the review that answers it. ``teams``: {team: {"namespaces": [...], "identities": [...]}}; ``every_cell`` sends
    one review per cell (for clusters with an authorizer besides RBAC, whose answers signatures cannot group)."""
    owner = {ns: t for t, v in teams.items() for ns in v["namespaces"]}
    bindings_in = {}
    for rb in bindings:
        bindings_in.setdefault(rb["metadata"].get("namespace"), []).append(rb)
    cells, asked, seen = [], [], {}
    for team in sorted(teams):
        own = sorted(teams[team]["namespaces"])
        foreign = {ns for ns in owner if owner[ns] != team}
        for ident in teams[team]["identities"]:
            expected = expected_namespaces(ident, own, bindings)
            others = sorted((set(bindings_naming(ident, bindings)) & foreign) - expected)
            for scope, ns in [(OWN, ns) for ns in own] + [(OTHER, ns) for ns in others] + [(CLUSTER, "")]:
                block = matrix(team, ident, scope, ns)
                sig = None if every_cell else signature(ident, scope, ns, bindings_in, cluster_bindings)
                if sig is not None and sig in seen:
                    start = seen[sig]
                else:
                    start = len(asked)
                    asked.extend(block)
                    if sig is not None:
                        seen[sig] = start
                for j, cell in enumerate(block):
                    cell["asked"] = start + j
                cells.extend(block)
    return cells, asked


def sar_body(cell):
    ident = cell["identity"]
    attrs = {"verb": cell["verb"], "group": cell["group"]}
    resource, _sep, sub = cell["resource"].partition("/")
    attrs["resource"] = resource
    if sub:
        attrs["subresource"] = sub
    if cell["namespace"]:
        attrs["namespace"] = cell["namespace"]
    if cell["name"]:
        attrs["name"] = cell["name"]
    return {
        "apiVersion": "authorization.k8s.io/v1",
        "kind": "SubjectAccessReview",
        "spec": {"user": ident["user"], "groups": list(ident["groups"]), "resourceAttributes": attrs},
    }


def ask(client, cells, workers=16):
    """The API server's answer to every cell (True: allowed), sent concurrently over the client's connection pool."""

    def one(cell):
        return bool((client.request("POST", SAR_PATH, body=sar_body(cell)).get("status") or {}).get("allowed"))

    if not cells:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(cells)))) as pool:
        return list(pool.map(one, cells))


def answers_for(cells, asked_answers):
    """Each cell's answer: the answer of the review that stands for it."""
    return [asked_answers[c["asked"]] for c in cells]


def _what(cell):
    res = cell["resource"] if not cell["group"] else f"{cell['resource']}.{cell['group']}"
    return res + (f" {cell['name']}" if cell["name"] else "")


PLATFORM_OWNED_RESOURCES = {(g, r) for g, r, _k in PLATFORM_OWNED}


def judge_rbac(cells, answers, owner, bindings):
    """(failing rows, notes, grants per identity in its own namespaces) from the answers.

    Fails: any grant in another team's namespace, any cluster-wide grant, and any write to a platform-owned kind or to
    the platform's RoleBindings to the tenant roles in the team's own namespaces. The team admin may manage
    RoleBindings in its own namespaces (the tenant design: it can bind only the tenant roles); that is a note.
    """
    failing, notes, own = {}, [], {}
    admin_bindings = set()
    for cell, allowed in zip(cells, answers):
        if not allowed:
            continue
        ident, ns = cell["identity"], cell["namespace"]
        key = (cell["team"], ident["name"])
        if cell["scope"] == OWN:
            own.setdefault(key, {}).setdefault(cell["resource"], set()).add(cell["verb"])
            platform_kind = (cell["group"], cell["resource"]) in PLATFORM_OWNED_RESOURCES
            binding = cell["resource"] == "rolebindings" and (cell["name"] in PLATFORM_BINDINGS or cell["verb"] in ("create", "deletecollection"))
            if cell["verb"] not in WRITE_VERBS or not (platform_kind or binding):
                continue
            if binding and "admin" in ident["role"].split("+"):
                admin_bindings.add((ident["name"], ns))
                continue
            reason = "PlatformObjectWritable"
        else:
            reason = "CrossTeamGrant" if cell["scope"] == OTHER else "ClusterScopedGrant"
        fkey = (reason, cell["team"], ident["name"], ns, _what(cell))
        failing.setdefault(fkey, []).append(cell["verb"])
    rows = []
    for (reason, team, name, ns, what), verbs in sorted(failing.items()):
        if reason == "CrossTeamGrant":
            ident = next(c["identity"] for c in cells if c["identity"]["name"] == name and c["team"] == team)
            via = bindings_naming(ident, [b for b in bindings if b["metadata"].get("namespace") == ns]).get(ns) or []
            where = f"in namespace {ns} of team {owner.get(ns, '?')}" + (f" through RoleBinding {', '.join(f'{ns}/{b}' for b in via)}" if via else "")
            ref = f"Namespace/{ns}"
        elif reason == "ClusterScopedGrant":
            where = "cluster-wide (a ClusterRoleBinding, or another authorizer)"
            ref = "cluster"
        else:
            where = f"in its own namespace {ns}, a kind the platform owns"
            ref = f"Namespace/{ns}"
        msg = f"team {team}: {name} may {', '.join(verbs)} {what} {where}"
        rows.append({"ref": ref, "state": "allowed", "reason": reason, "message": msg})
    for name, ns in sorted(admin_bindings):
        notes.append(f"{name} may manage RoleBindings in {ns} (the team admin binds only the tenant roles: the API server refuses others)")
    return rows, notes, own


def own_summary(own):
    """One line per identity: which kinds it may write and read in its own namespaces."""
    lines = []
    for (team, name), by_res in sorted(own.items()):
        writes = sorted(r for r, v in by_res.items() if set(v) & set(WRITE_VERBS))
        reads = sorted(r for r, v in by_res.items() if not set(v) & set(WRITE_VERBS))
        lines.append(f"team {team}: {name}: writes {', '.join(writes) or 'nothing'}; reads only {', '.join(reads) or 'nothing'}")
    return lines


def judge_network(team, namespace, network_policies, authorization_policies, strict):
    """(failing rows, warnings) of one team namespace: edges where NetworkPolicies and AuthorizationPolicies disagree.

    With STRICT mTLS an "AuthorizationPolicy only" edge (a flow the design wants that L3 blocks) and a "NetworkPolicy
    only" edge from outside the team fail; elsewhere both are warnings. "NetworkPolicy only" inside the team, and into
    every pod of a team without a call graph (its namespace-wide rules, kept by design), are warnings everywhere.
    """
    graph = traffic.flows(namespace, network_policies, authorization_policies)
    rows, warnings = [], []
    for e in graph["edges"]:
        if e["agree"]:
            continue
        outside = not e["src"].startswith("svc:")
        if e["authz"] and not e["netpol"]:
            verdict, reason = "AuthorizationPolicy only", "AuthorizationPolicyOnly"
        elif outside and e["dst"] == traffic.node_id("svc", traffic.ALL_PODS):
            # A team without a call graph keeps the namespace-wide rules by design: shown, never failed.
            warnings.append(f"team {team}: {e['src']} -> {e['dst']} in {namespace}: NetworkPolicy only (no call graph: namespace-wide rules)")
            continue
        elif outside:
            verdict, reason = "NetworkPolicy only", "NetworkPolicyOnlyFromOutside"
        else:
            warnings.append(f"team {team}: {namespace}: {e['src']} -> {e['dst']}: NetworkPolicy only (inside the team)")
            continue
        msg = f"team {team}: {e['src']} -> {e['dst']} in {namespace}: {verdict}"
        if strict:
            rows.append({"ref": f"Namespace/{namespace}", "state": verdict, "reason": reason, "message": msg})
        else:
            warnings.append(msg)
    return rows, warnings, len(graph["edges"])
