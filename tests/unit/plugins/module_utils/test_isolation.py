"""The pure parts of the tenant isolation check: identities, the review matrix, the verdicts (the API server's answers
are the integration test's, tests/integration/test_verify_isolation.py)."""

from __future__ import annotations

from ansible_collections.platform.runtime.plugins.module_utils import isolation as iso
from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob

SETTINGS = ob.merge_settings()


def onboarded(name, services=None, gitops=True, groups=None):
    spec = {"name": name, "owners": ["x@example.com"], "groups": groups or {"admin": [f"{name}-admins"], "edit": [f"{name}-devs"], "view": [f"{name}-viewers"]}}
    if services:
        spec["services"] = services
    if gitops:
        spec["gitops"] = {"url": f"https://git.example.com/{name}.git"}
    team = ob.validate_teams([spec], "prod", SETTINGS)[0]
    return ob.build_team(team, "prod", SETTINGS)


def kind(objs, k):
    return [o for o in objs if o["kind"] == k]


def teams_of(*names, extra_bindings=()):
    objs = [o for n in names for o in onboarded(n)]
    bindings = kind(objs, "RoleBinding") + list(extra_bindings)
    teams = {}
    for n in names:
        teams[n] = {"namespaces": [f"{n}-prod"]}
        teams[n]["identities"] = iso.team_identities(n, teams[n]["namespaces"], bindings, kind(objs, "Kustomization"))
    return teams, bindings


def test_identities_are_the_groups_the_deployer_and_the_flux_tenant():
    teams, _b = teams_of("payments")
    ids = {i["name"]: i for i in teams["payments"]["identities"]}
    assert set(ids) == {
        "group payments-admins (admin)",
        "group payments-devs (edit)",
        "group payments-viewers (view)",
        # onboarding's Flux tenant runs as the deployer: one identity, asked once, named both ways
        "deployer payments-prod/deployer = flux-tenant payments-prod/deployer",
    }
    assert ids["group payments-devs (edit)"]["groups"] == ["payments-devs", "system:authenticated"]
    sa = ids["deployer payments-prod/deployer = flux-tenant payments-prod/deployer"]
    assert sa["user"] == "system:serviceaccount:payments-prod:deployer" and sa["role"] == "deployer+flux"
    assert "system:serviceaccounts:payments-prod" in sa["groups"]


def test_a_flux_tenant_with_its_own_service_account_is_a_fifth_identity():
    ks = {"kind": "Kustomization", "metadata": {"name": "apps", "namespace": "payments-prod"}, "spec": {"serviceAccountName": "flux-apps"}}
    objs = onboarded("payments", gitops=False)
    ids = iso.team_identities("payments", ["payments-prod"], kind(objs, "RoleBinding"), [ks])
    assert len(ids) == 5 and ids[-1]["name"] == "flux-tenant payments-prod/flux-apps"


def test_the_matrix_asks_own_other_and_cluster_scopes():
    teams, bindings = teams_of("a", "b", "c")
    cells, asked = iso.review_cells(teams, bindings, every_cell=True)
    assert asked == cells
    per_identity = len(iso.matrix("a", {}, iso.OWN, "a-prod")) + len(iso.matrix("a", {}, iso.CLUSTER, ""))
    assert per_identity == 18 * 8 + 6 + 18 * 8 + 8 * 8 + 5
    assert len(cells) == 3 * 4 * per_identity
    # nothing binds a team's identities in another team's namespace: ClusterRoleBindings show in the cluster scope
    assert not [c for c in cells if c["scope"] == iso.OTHER]
    asked = {(c["group"], c["resource"], c["verb"], c["name"]) for c in cells if c["scope"] == iso.OWN}
    for group, resource, _kind in iso.PLATFORM_OWNED:
        assert all((group, resource, v, None) in asked for v in iso.WRITE_VERBS), resource
    assert ("rbac.authorization.k8s.io", "rolebindings", "delete", "team-admin") in asked
    cluster = {(c["verb"], c["resource"]) for c in cells if c["scope"] == iso.CLUSTER}
    assert {("create", "clusterrolebindings"), ("bind", "clusterroles"), ("impersonate", "users"), ("list", "secrets")} <= cluster


def test_a_binding_in_another_teams_namespace_makes_it_asked_there():
    rogue = {
        "kind": "RoleBinding",
        "metadata": {"name": "help-a", "namespace": "a-prod"},
        "roleRef": {"kind": "ClusterRole", "name": "edit"},
        "subjects": [{"kind": "Group", "name": "b-devs"}],
    }
    teams, bindings = teams_of("a", "b", "c", extra_bindings=[rogue])
    cells = iso.review_cells(teams, bindings)[0]
    b_devs = {c["namespace"] for c in cells if c["identity"]["name"] == "group b-devs (edit)" and c["scope"] == iso.OTHER}
    assert b_devs == {"a-prod"}
    # system:authenticated bound anywhere makes every identity of every other team asked there
    open_all = dict(rogue, metadata={"name": "all", "namespace": "c-prod"}, subjects=[{"kind": "Group", "name": "system:authenticated"}])
    teams, bindings = teams_of("a", "b", "c", extra_bindings=[open_all])
    cells = iso.review_cells(teams, bindings)[0]
    assert {c["identity"]["name"] for c in cells if c["namespace"] == "c-prod" and c["scope"] == iso.OTHER} >= {
        "group a-admins (admin)",
        "group b-viewers (view)",
    }


def test_a_group_shared_through_the_platforms_bindings_is_not_cross_team():
    shared = {"admin": ["oncall"], "edit": ["x-devs"], "view": ["x-viewers"]}
    objs = onboarded("x", groups=shared) + onboarded("y", groups=dict(shared, edit=["y-devs"], view=["y-viewers"]))
    bindings = kind(objs, "RoleBinding")
    ident = next(i for i in iso.team_identities("x", ["x-prod"], bindings) if i["name"].startswith("group oncall"))
    assert iso.expected_namespaces(ident, ["x-prod"], bindings) == {"x-prod", "y-prod"}


def test_identities_bound_alike_are_asked_once_and_judged_each():
    teams, bindings = teams_of("a", "b", "c")
    sa_crb = {
        "metadata": {"name": "sa-read"},
        "roleRef": {"kind": "ClusterRole", "name": "view"},
        "subjects": [{"kind": "Group", "name": "system:serviceaccounts"}],
    }
    cells, asked = iso.review_cells(teams, bindings, [sa_crb])
    own = len(iso.matrix("a", {}, iso.OWN, "a-prod"))
    cluster = len(iso.matrix("a", {}, iso.CLUSTER, ""))
    # own namespace: one review set per bound role (admin, edit, view groups; the deployer, also named by the CRB);
    # cluster-wide: groups (no ClusterRoleBinding) and service accounts (sa-read)
    assert len(asked) == 4 * own + 2 * cluster and len(cells) == 12 * (own + cluster)
    by_team = {c["team"]: c for c in cells if c["identity"]["role"] == "edit" and c["scope"] == iso.OWN and c["verb"] == "create" and c["resource"] == "pods"}
    assert by_team["a"]["asked"] == by_team["b"]["asked"] == by_team["c"]["asked"]
    assert by_team["b"]["namespace"] == "b-prod" and asked[by_team["b"]["asked"]]["namespace"] == "a-prod"
    answers = iso.answers_for(cells, [c["identity"]["role"] == "edit" and c["resource"] == "pods" for c in asked])
    assert sum(answers) == 3 * 8
    # a RoleBinding of its own makes an identity's signature, and its reviews, its own
    extra = {"metadata": {"name": "x", "namespace": "b-prod"}, "roleRef": {"kind": "Role", "name": "r"}, "subjects": [{"kind": "Group", "name": "b-devs"}]}
    teams, bindings = teams_of("a", "b", "c", extra_bindings=[extra])
    assert len(iso.review_cells(teams, bindings, [sa_crb])[1]) == 5 * own + 2 * cluster


def test_sar_body():
    ident = {"user": "u", "groups": ["g", "system:authenticated"], "name": "group g (edit)", "role": "edit"}
    cell = iso._cell("a", ident, iso.OWN, "a-prod", "create", "", "pods/exec")
    assert iso.sar_body(cell)["spec"] == {
        "user": "u",
        "groups": ["g", "system:authenticated"],
        "resourceAttributes": {"verb": "create", "group": "", "resource": "pods", "subresource": "exec", "namespace": "a-prod"},
    }
    named = iso._cell("a", ident, iso.OWN, "a-prod", "delete", "rbac.authorization.k8s.io", "rolebindings", "team-edit")
    assert iso.sar_body(named)["spec"]["resourceAttributes"]["name"] == "team-edit"
    assert "namespace" not in iso.sar_body(iso._cell("a", ident, iso.CLUSTER, "", "list", "", "secrets"))["spec"]["resourceAttributes"]


def _answers(cells, allowed):
    return [allowed(c) for c in cells]


def test_judge_names_identity_verb_resource_and_namespace():
    rogue = {
        "kind": "RoleBinding",
        "metadata": {"name": "help-a", "namespace": "a-prod"},
        "roleRef": {"kind": "ClusterRole", "name": "edit"},
        "subjects": [{"kind": "Group", "name": "b-devs"}],
    }
    teams, bindings = teams_of("a", "b", extra_bindings=[rogue])
    owner = {"a-prod": "a", "b-prod": "b"}
    cells = iso.review_cells(teams, bindings, every_cell=True)[0]

    def allowed(c):
        if c["scope"] == iso.OTHER:
            return c["identity"]["name"] == "group b-devs (edit)" and c["resource"] == "deployments" and c["verb"] == "create"
        if c["scope"] == iso.CLUSTER:
            return c["identity"]["role"] == "view" and c["resource"] == "nodes" and c["verb"] == "list"
        return c["resource"] == "pods" or (c["resource"] == "networkpolicies" and c["verb"] == "patch" and c["identity"]["role"] == "edit")

    rows, notes, own = iso.judge_rbac(cells, _answers(cells, allowed), owner, bindings)
    msgs = sorted(r["message"] for r in rows)
    assert "team b: group b-devs (edit) may create deployments.apps in namespace a-prod of team a through RoleBinding a-prod/help-a" in msgs
    assert "team a: group a-viewers (view) may list nodes cluster-wide (a ClusterRoleBinding, or another authorizer)" in msgs
    assert "team a: group a-devs (edit) may patch networkpolicies.networking.k8s.io in its own namespace a-prod, a kind the platform owns" in msgs
    assert {r["reason"] for r in rows} == {"CrossTeamGrant", "ClusterScopedGrant", "PlatformObjectWritable"}
    assert len(rows) == 5  # each team's viewers list nodes and devs patch netpols; b-devs in a-prod
    assert not notes
    assert own[("a", "group a-viewers (view)")]["pods"] == set(iso.VERBS)


def test_the_team_admin_managing_rolebindings_is_a_note_others_fail():
    teams, bindings = teams_of("a")
    cells = iso.review_cells(teams, bindings, every_cell=True)[0]

    def allowed(c):
        return c["scope"] == iso.OWN and c["resource"] == "rolebindings" and c["identity"]["role"] in ("admin", "edit")

    rows, notes, _own = iso.judge_rbac(cells, _answers(cells, allowed), {"a-prod": "a"}, bindings)
    assert notes == ["group a-admins (admin) may manage RoleBindings in a-prod (the team admin binds only the tenant roles: the API server refuses others)"]
    assert {r["message"] for r in rows} >= {
        "team a: group a-devs (edit) may update, patch, delete rolebindings.rbac.authorization.k8s.io team-edit"
        " in its own namespace a-prod, a kind the platform owns"
    }
    assert all("a-devs" in r["message"] for r in rows)


def test_network_judgement_fails_only_with_strict_mtls():
    services = [
        {"name": "api", "port": 8080, "expose": True, "calls": ["db"], "metrics": {"port": 9100}},
        {"name": "db", "port": 5432},
    ]
    objs = onboarded("p", services=services)
    nps, aps = kind(objs, "NetworkPolicy"), kind(objs, "AuthorizationPolicy")
    assert iso.judge_network("p", "p-prod", nps, aps, strict=True)[:2] == ([], [])
    # a hand-made namespace-wide allow from the gateway: "NetworkPolicy only" edges from outside the team
    wide = {
        "kind": "NetworkPolicy",
        "metadata": {"name": "open", "namespace": "p-prod"},
        "spec": {
            "podSelector": {},
            "policyTypes": ["Ingress"],
            "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-ingress"}}}]}],
        },
    }
    rows, warnings, _n = iso.judge_network("p", "p-prod", nps + [wide], aps, strict=True)
    assert [r["message"] for r in rows] == ["team p: ns:istio-ingress -> svc:db in p-prod: NetworkPolicy only"] and not warnings
    rows, warnings, _n = iso.judge_network("p", "p-prod", nps + [wide], aps, strict=False)
    assert rows == [] and warnings == ["team p: ns:istio-ingress -> svc:db in p-prod: NetworkPolicy only"]
    # a flow the AuthorizationPolicies allow and L3 blocks
    no_db = [p for p in nps if p["metadata"]["name"] != "svc-db"]
    deny_db = {
        "kind": "NetworkPolicy",
        "metadata": {"name": "db-closed", "namespace": "p-prod"},
        "spec": {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress"]},
    }
    rows, _w, _n = iso.judge_network("p", "p-prod", no_db + [deny_db], aps, strict=True)
    assert [(r["reason"], r["message"]) for r in rows] == [("AuthorizationPolicyOnly", "team p: svc:api -> svc:db in p-prod: AuthorizationPolicy only")]


def test_a_team_without_a_call_graph_only_warns_even_with_strict_mtls():
    objs = onboarded("q")
    rows, warnings, _n = iso.judge_network("q", "q-prod", kind(objs, "NetworkPolicy"), kind(objs, "AuthorizationPolicy"), strict=True)
    assert rows == []
    assert "team q: ns:istio-ingress -> svc:* in q-prod: NetworkPolicy only (no call graph: namespace-wide rules)" in warnings
