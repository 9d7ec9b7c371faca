"""Tenant isolation (issue 9) against the real control plane: namespace ownership, reserved namespaces, group names,
tenant roles that keep the platform's objects read-only (a SubjectAccessReview matrix), and internet egress.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob
from ansible_collections.platform.runtime.plugins.module_utils import readiness
from ansible_collections.platform.runtime.plugins.module_utils.kube import KubeError, apply_batch, apply_crds
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_crds
from ansible_collections.platform.runtime.tests.support.kubetest import wait_until
from ansible_collections.platform.runtime.tests.support.onboarding import get, onboarding_runner, team

pytestmark = pytest.mark.k8s


@pytest.fixture(scope="session")
def onboard(control_plane):
    """Run the module in a subprocess, as Ansible would, and return its JSON result."""
    return onboarding_runner(control_plane["kubeconfig"])


RBAC = "rbac.authorization.k8s.io/v1"


def namespace(name, labels=None):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}}


def warnings_of(result):
    """The warning texts of a module result (plain strings, or Ansible 2.19's structured warning summaries)."""
    return [w if isinstance(w, str) else w["event"]["msg"] for w in result.get("warnings") or []]


def applied_nothing(kube, ns):
    return get(kube, "ResourceQuota", "team-quota", ns) is None and kube.list(RBAC, "RoleBinding", namespace=ns) == []


# -- 1. reserved namespaces ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "ns, platform_namespaces",
    [("kube-system", {}), ("default", {}), ("kube-public", {}), ("flux-system", {}), ("istio-system", {}), ("observability", {"monitoring": "observability"})],
)
def test_reserved_namespaces_are_never_team_namespaces(onboard, kube, unique, ns, platform_namespaces):  # noqa: F811
    if ns == "observability":
        apply_batch(kube, [namespace(ns)])
    before = (get(kube, "Namespace", ns) or {}).get("metadata", {}).get("labels")
    extra = {"platform_namespaces": platform_namespaces} if platform_namespaces else {}
    for adopt in ({}, {"adopt": True}):
        r = onboard([team("sys-" + unique, namespace=ns, **adopt)], **extra)
        assert r.get("failed") is True, r
        assert f"field 'namespace' = '{ns}': expected a namespace that Kubernetes or the platform does not reserve" in r["msg"], r["msg"]
        assert "adopt does not change this" in r["msg"] and "nothing was applied" in r["msg"]
    assert (get(kube, "Namespace", ns) or {}).get("metadata", {}).get("labels") == before
    assert get(kube, "ResourceQuota", "team-quota", ns) is None
    assert get(kube, "NetworkPolicy", "default-deny-all", ns, api="networking.k8s.io/v1") is None


# -- 1. namespaces owned by nobody need adopt ------------------------------------------------------------
def test_existing_namespace_is_refused_until_adopted(onboard, kube, unique):  # noqa: F811
    ns = "legacy-" + unique
    apply_batch(kube, [namespace(ns, {"owner": "someone"})])
    spec = team("web-" + unique, namespace=ns)
    r = onboard([spec])
    assert r.get("failed") is True
    assert f"namespace '{ns}' exists and is not managed by the platform; to adopt it on purpose set adopt: true on the team" in r["msg"], r["msg"]
    assert applied_nothing(kube, ns) and ob.TEAM_LABEL not in get(kube, "Namespace", ns)["metadata"]["labels"]

    r = onboard([dict(spec, adopt=True)])
    assert not r.get("failed") and r["adopted"] == [ns], r
    assert get(kube, "Namespace", ns)["metadata"]["labels"][ob.TEAM_LABEL] == spec["name"]
    r = onboard([dict(spec, adopt=True)])
    assert r["changed"] is False and r["adopted"] == [], r["summary"]


# -- 2. another team's namespace is never taken over -----------------------------------------------------
def test_team_cannot_take_over_another_teams_namespace(onboard, kube, unique):  # noqa: F811
    backend = team("be-" + unique)
    assert not onboard([backend]).get("failed")
    ns = backend["name"] + "-dev"
    before = {rb["metadata"]["name"]: rb["subjects"] for rb in kube.list(RBAC, "RoleBinding", namespace=ns)}
    for adopt in ({}, {"adopt": True}):
        t4 = team("t4-" + unique, namespace=ns, groups={"admin": ["t4-admins"]}, **adopt)
        r = onboard([t4])
        assert r.get("failed") is True
        assert f"namespace '{ns}' exists and is owned by team '{backend['name']}' (environment dev)" in r["msg"], r["msg"]
        assert get(kube, "Namespace", ns)["metadata"]["labels"][ob.TEAM_LABEL] == backend["name"]
        assert {rb["metadata"]["name"]: rb["subjects"] for rb in kube.list(RBAC, "RoleBinding", namespace=ns)} == before


def test_onboard_playbook_refuses_another_teams_namespace(run_playbook, control_plane, kube):
    env = {"PLATFORM_KUBECONFIG": control_plane["kubeconfig"]}
    r = run_playbook("onboard.yml", env=env)
    assert r.rc == 0, r.explain()
    r = run_playbook("onboard.yml", "-e", "team=t4", "-e", "namespace=backend-local", "-e", "env=dev", env=env)
    assert r.rc != 0
    assert "namespace 'backend-local' exists and is owned by team 'backend' (environment local)" in r.stdout, r.explain()
    labels = get(kube, "Namespace", "backend-local")["metadata"]["labels"]
    assert (labels[ob.TEAM_LABEL], labels[ob.ENV_LABEL]) == ("backend", "local")
    edit = get(kube, "RoleBinding", "team-edit", "backend-local", api=RBAC)
    assert {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "backend-developers"} in edit["subjects"]


# -- 3. group names and service accounts ------------------------------------------------------------------
@pytest.mark.parametrize("group", ["system:authenticated", "system:masters", "system:serviceaccounts", "system:unauthenticated", "system:nodes"])
def test_system_groups_are_refused(onboard, kube, unique, group):  # noqa: F811
    spec = team("grp-" + unique, groups={"admin": ["grp-admins"], "edit": [group]})
    r = onboard([spec])
    assert r.get("failed") is True
    assert f"team '{spec['name']}': field 'groups.edit' = '{group}': expected a group of the team's own" in r["msg"], r["msg"]
    assert get(kube, "Namespace", spec["name"] + "-dev") is None


def test_service_accounts_only_from_the_teams_namespaces_and_shared_groups_warn(onboard, kube, unique):  # noqa: F811
    name = "sa-" + unique
    ns = name + "-dev"
    r = onboard([team(name, service_accounts={"edit": ["kube-system/default"]})])
    assert r.get("failed") is True
    assert "field 'service_accounts.edit' = 'kube-system/default': expected <namespace>/<name> of a service account in one of the team's own" in r["msg"]
    other = team("sb-" + unique, groups={"view": ["backend-viewers"]})
    r = onboard([team(name, service_accounts={"edit": [f"{ns}/ci"], "view": [f"{name}-prod/reader"]}), other], select=[name])
    assert not r.get("failed"), r
    edit = get(kube, "RoleBinding", "team-edit", ns, api=RBAC)
    assert edit["subjects"][-2:] == [{"kind": "ServiceAccount", "name": "ci", "namespace": ns}, {"kind": "ServiceAccount", "name": "deployer", "namespace": ns}]
    view = get(kube, "RoleBinding", "team-view", ns, api=RBAC)
    assert {"kind": "ServiceAccount", "name": "reader", "namespace": f"{name}-prod"} in view["subjects"]
    assert f"group 'backend-viewers' is bound by several teams: {name} (view), {other['name']} (view); its members get each of these roles" in warnings_of(r)


# -- 5. internet egress -------------------------------------------------------------------------------------
def test_wide_egress_needs_allow_internet_egress(onboard, kube, unique):  # noqa: F811
    name = "eg-" + unique
    ns = name + "-dev"
    for cidr in ("0.0.0.0/0", "10.0.0.0/7", "::/0"):
        r = onboard([team(name, egress_cidrs=[cidr])])
        assert r.get("failed") is True
        assert f"field 'egress_cidrs' = '{cidr}': expected a network no wider than" in r["msg"], r["msg"]
        assert "set allow_internet_egress: true on the team to allow it on purpose" in r["msg"]
        assert get(kube, "Namespace", ns) is None
    r = onboard([team(name, egress_cidrs=["10.0.0.0/12"])], egress={"ipv4_min_prefix": 16})
    assert r.get("failed") is True and "expected a network no wider than /16" in r["msg"]
    r = onboard([team(name, egress_cidrs=["10.0.0.0/8"])])
    assert not r.get("failed") and not warnings_of(r), r
    r = onboard([team(name, egress_cidrs=["0.0.0.0/0"], allow_internet_egress=True)])
    assert not r.get("failed"), r
    assert warnings_of(r) == [f"team '{name}': egress_cidrs 0.0.0.0/0 is wider than /8 and opens egress to the internet (allow_internet_egress: true)"]
    assert get(kube, "NetworkPolicy", "allow-egress-cidrs", ns, api="networking.k8s.io/v1")["spec"]["egress"] == [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]


# -- 4. tenant roles: the SubjectAccessReview matrix ------------------------------------------------------
def established(crd):
    return readiness.evaluate_crd(crd or {})["state"] == readiness.READY


@pytest.fixture(scope="module")
def upstream_istio_crds(kube, upstream_dir):
    """Istio's CRDs from the pinned upstream data (with the compat step for this 1.20 server), Established."""
    crds = {c["metadata"]["name"]: c for path, c in load_crds(upstream_dir) if c["spec"]["group"].endswith("istio.io")}
    results, _warnings = apply_crds(kube, list(crds.values()))
    assert not [r for r in results if r["action"] == "failed"], results
    wanted = ("peerauthentications.security.istio.io", "authorizationpolicies.security.istio.io")
    crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition"}
    assert wait_until(lambda: all(established(kube.get(dict(crd, metadata={"name": n}))) for n in wanted), timeout=90)
    kube.forget()
    return sorted(crds)


VERBS = ("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection")
# resource -> (API group, namespaced)
RESOURCES = {
    "networkpolicies": ("networking.k8s.io", True),
    "resourcequotas": ("", True),
    "limitranges": ("", True),
    "peerauthentications": ("security.istio.io", True),
    "authorizationpolicies": ("security.istio.io", True),
    "namespaces": ("", False),
    "clusterroles": ("rbac.authorization.k8s.io", False),
    "clusterrolebindings": ("rbac.authorization.k8s.io", False),
    "customresourcedefinitions": ("apiextensions.k8s.io", False),
    "secrets": ("", True),
    "deployments": ("apps", True),
    "rolebindings": ("rbac.authorization.k8s.io", True),
}
ROLES = ("view", "edit", "admin", "deployer", "flux")
CODES = {"-": (), "g": ("get",), "R": ("get", "list", "watch"), "*": VERBS}
# What each identity may do in its OWN namespace: "-" nothing, "g" get, "R" get/list/watch, "*" all eight verbs.
# Every cell in another team's namespace and every cluster-wide cell is a denial: the test asserts zero of those grants.
EXPECTED_OWN_TABLE = """
resource                    view  edit  admin  deployer  flux
networkpolicies             R     R     R      R         R
resourcequotas              R     R     R      R         R
limitranges                 R     R     R      R         R
peerauthentications         R     R     R      R         R
authorizationpolicies       R     R     R      R         R
namespaces                  g     g     g      g         g
clusterroles                -     -     -      -         -
clusterrolebindings         -     -     -      -         -
customresourcedefinitions   -     -     -      -         -
secrets                     -     *     *      *         *
deployments                 R     *     *      *         *
rolebindings                -     -     *      -         -
"""
EXPECTED_OWN = {row.split()[0]: tuple(row.split()[1:]) for row in EXPECTED_OWN_TABLE.strip().splitlines()[1:]}
assert tuple(EXPECTED_OWN_TABLE.split()[1:6]) == ROLES and set(EXPECTED_OWN) == set(RESOURCES)


def allowed_own(role, resource, verb):
    return verb in CODES[EXPECTED_OWN[resource][ROLES.index(role)]]


def subjects_of(spec, ns):
    """role -> (user, groups) as the API server sees each team identity (groups plus system:authenticated)."""
    norm = ob.validate_teams([spec], "dev", ob.merge_settings())[0]
    flux_sa = next(o for o in ob.build_team(norm, "dev", ob.merge_settings(), flux=True) if o["kind"] == "Kustomization")["spec"]["serviceAccountName"]
    out = {role: (f"probe-{spec['name']}-{role}", [spec["groups"][role][0], "system:authenticated"]) for role in ("admin", "edit", "view")}
    for role, sa in (("deployer", ob.DEPLOYER_SA), ("flux", flux_sa)):
        out[role] = (f"system:serviceaccount:{ns}:{sa}", ["system:serviceaccounts", f"system:serviceaccounts:{ns}", "system:authenticated"])
    return out


def sar(kube, user, groups, verb, resource, namespace):
    group, namespaced = RESOURCES[resource]
    attrs = {"verb": verb, "group": group, "resource": resource}
    if namespace:
        attrs["namespace"] = namespace
        if not namespaced and resource == "namespaces" and verb not in ("list", "watch", "create", "deletecollection"):
            attrs["name"] = namespace
    body = {"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview", "spec": {"user": user, "groups": groups, "resourceAttributes": attrs}}
    return kube.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body=body)["status"].get("allowed", False)


def test_tenant_roles_sar_matrix(onboard, kube, unique, upstream_istio_crds):  # noqa: F811
    specs = [
        team(f"ma-{unique}", groups={"admin": [f"ma-{unique}-admins"], "edit": [f"ma-{unique}-devs"], "view": [f"ma-{unique}-viewers"]}),
        team(f"mb-{unique}", groups={"admin": [f"mb-{unique}-admins"], "edit": [f"mb-{unique}-devs"], "view": [f"mb-{unique}-viewers"]}),
    ]
    for s in specs:
        s["gitops"] = {"url": "https://git.example.com/team.git"}
    r = onboard(specs, environment="prod")
    assert not r.get("failed"), r
    namespaces = {s["name"]: s["name"] + "-prod" for s in specs}
    assert get(kube, "PeerAuthentication", "default", namespaces[specs[0]["name"]], api="security.istio.io/v1") is not None

    def aggregated():
        role = get(kube, "ClusterRole", "platform-tenant-admin", api=RBAC) or {}
        return any("rolebindings" in rule.get("resources", []) for rule in role.get("rules") or []) and any(
            "secrets" in rule.get("resources", []) for rule in (get(kube, "ClusterRole", "platform-tenant-edit", api=RBAC) or {}).get("rules") or []
        )

    assert wait_until(aggregated, timeout=60), "the tenant ClusterRoles were never aggregated"

    cells = []
    for spec in specs:
        own = namespaces[spec["name"]]
        scopes = [("own", own)] + [("other", ns) for name, ns in namespaces.items() if name != spec["name"]] + [("cluster", "")]
        for role, (user, groups) in subjects_of(spec, own).items():
            for scope, ns in scopes:
                for resource in RESOURCES:
                    for verb in VERBS:
                        expected = scope == "own" and allowed_own(role, resource, verb)
                        cells.append((spec["name"], role, scope, ns, resource, verb, user, groups, expected))

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda c: sar(kube, c[6], c[7], c[5], c[4], c[3]), cells))
    elapsed = time.monotonic() - start
    wrong = [f"{c[0]} {c[1]} {c[2]} {c[5]} {c[4]}: allowed={a}, expected {c[8]}" for c, a in zip(cells, answers) if a != c[8]]
    cross = sum(1 for c, a in zip(cells, answers) if a and c[2] == "other")
    cluster = sum(1 for c, a in zip(cells, answers) if a and c[2] == "cluster")
    print(f"SubjectAccessReview matrix: {len(cells)} cells checked in {elapsed:.1f}s; {sum(answers)} grants, {cross} cross-team, {cluster} cluster-scoped")
    assert len(cells) == 2 * 5 * 3 * len(RESOURCES) * len(VERBS)
    assert not wrong, "\n".join(wrong[:50])
    assert cross == 0 and cluster == 0


def test_team_members_cannot_touch_platform_objects_or_escalate(onboard, kube, kube_as, unique):  # noqa: F811
    """As real users (alice: team-a admin, backend-dev: edit): platform objects are read-only, bindings stay tenant-only."""
    name = "esc-" + unique
    ns = name + "-dev"
    assert not onboard([team(name, groups={"admin": ["team-a"], "edit": ["backend-developers"]})]).get("failed")
    assert wait_until(lambda: (get(kube, "ClusterRole", "platform-tenant-admin", api=RBAC) or {}).get("rules"), timeout=60)
    alice, dev = kube_as("alice"), kube_as("backend-dev")

    def denied(call):
        with pytest.raises(KubeError) as err:
            call()
        assert err.value.status == 403, err.value
        return str(err.value)

    policy = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "default-deny-all", "namespace": ns}}
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "team-quota", "namespace": ns}}
    for client in (alice, dev):
        assert client.get(policy)["spec"]["policyTypes"] == ["Ingress", "Egress"]
        denied(lambda c=client: c.delete(policy))
        denied(lambda c=client: c.apply(dict(quota, spec={"hard": {"pods": "999"}}), field_manager="kubectl"))
    assert get(kube, "NetworkPolicy", "default-deny-all", ns, api="networking.k8s.io/v1") is not None

    def binding(rb_name, role):
        return {
            "apiVersion": RBAC,
            "kind": "RoleBinding",
            "metadata": {"name": rb_name, "namespace": ns},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "extra-viewers"}],
        }

    assert alice.apply(binding("extra-view", "platform-tenant-view"), field_manager="kubectl")["roleRef"]["name"] == "platform-tenant-view"
    for role in ("edit", "admin", "cluster-admin"):
        assert "attempting to grant RBAC permissions not currently held" in denied(lambda r=role: alice.apply(binding("up-" + r, r), field_manager="kubectl"))
    denied(lambda: dev.apply(binding("dev-view", "platform-tenant-view"), field_manager="kubectl"))
