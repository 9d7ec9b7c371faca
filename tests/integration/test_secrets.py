# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""External Secrets: the chart rendered per environment, tenant RBAC on the real control plane, the role on the local
control plane, and on EKS (moto) each team's IAM role evaluated against its own and another team's prefix.

The pinned chart carries no CRDs (ESO generates them when it packages the chart), so the stores and ExternalSecrets
are checked by content here, not against the CRD schemas, and are not applied on the local control plane.
"""

from __future__ import annotations

import collections
import json
import os

import boto3
import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import flux, helm_values, secrets
from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob
from ansible_collections.platform.runtime.plugins.module_utils.kube import apply_batch, apply_crds
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents
from ansible_collections.platform.runtime.tests.support.schemas import validate_k8s

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ESO = "external-secrets-2.9.0/chart"
PLAYBOOK = os.path.join(ROOT, "tests", "integration", "playbooks", "secrets.yml")
TEAM_SECRETS = {"app-db": {"key": "db", "properties": ["username", "password"]}}


def teams(env, *names):
    return [{"name": n, "environments": [env], "secrets": TEAM_SECRETS} for n in names]


def plan_for(env):
    provider = {"local": "envtest", "dev": "kind"}.get(env, "eks")
    cfg = {"environment": env, "provider": provider, "teams": teams(env, "payments", "backend")}
    if provider == "eks":
        cfg.update(cluster_name=f"platform-{env}", region="eu-west-1", account_id="111122223333")
    return secrets.plan(cfg)


@pytest.fixture(scope="module")
def flux_crds(kube, upstream_dir):
    crds = [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]
    assert all(r["action"] != "failed" for r in apply_crds(kube, crds)[0])
    kube.forget()
    return crds


# -- the chart ---------------------------------------------------------------------------------------------
@pytest.mark.upstream
@pytest.mark.parametrize("env", ["local", "dev", "staging", "prod"])
def test_chart_renders_schema_valid_per_environment(env, chart_render, upstream_dir):
    p = plan_for(env)
    with open(os.path.join(upstream_dir, ESO, "values.yaml")) as f:
        defaults = yaml.safe_load(f)
    with open(os.path.join(upstream_dir, ESO, "values.schema.json")) as f:
        schema = json.load(f)
    assert helm_values.validate(p["values"], defaults, schema=schema) == []
    assert helm_values.validate(dict(p["values"], replicaCount="two"), defaults, schema=schema)
    rendered = chart_render(ESO, p["values"], release="external-secrets", namespace="external-secrets")
    s = p["settings"]
    own = [
        flux.helm_repository("external-secrets", "external-secrets", "https://charts.external-secrets.io"),
        flux.helm_release(s["release_name"], "external-secrets", "external-secrets", s["chart_version"], "external-secrets", values=p["values"]),
    ]
    own += p["objects"] + p["team_rbac"]
    crds = [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]
    errors = validate_k8s(rendered + own, version="1.34", crds=crds)
    assert errors == [], "\n".join(errors[:30])
    deploys = {o["metadata"]["name"]: o for o in rendered if o["kind"] == "Deployment"}
    assert deploys["external-secrets"]["spec"]["replicas"] == (2 if env in ("staging", "prod") else 1)
    # No rule aggregated into the built-in roles (the tenant roles read stores and ExternalSecrets through their own label).
    aggregated = [o["metadata"]["name"] for o in rendered if o["kind"] == "ClusterRole" and "aggregate-to" in json.dumps(o["metadata"].get("labels", {}))]
    assert aggregated == []
    crs = collections.Counter(o["kind"] for o in p["custom_resources"])
    assert crs == {"ClusterSecretStore": 1, "SecretStore": 2, "ExternalSecret": 2}
    kinds = collections.Counter(o["kind"] for o in rendered + own)
    print(f"\n[{env}] schema-valid: external-secrets {len(rendered)} objects, role-applied {len(own)}; 0 errors; {dict(kinds)}; custom resources {dict(crs)}")


# -- tenant RBAC -------------------------------------------------------------------------------------------
def sar(kube, user, groups, verb, group, resource, namespace, name=None):
    attrs = {"verb": verb, "group": group, "resource": resource, "namespace": namespace}
    if name:
        attrs["name"] = name
    body = {"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview", "spec": {"user": user, "groups": groups, "resourceAttributes": attrs}}
    return kube.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body=body)["status"].get("allowed", False)


@pytest.mark.k8s
def test_teams_read_but_cannot_edit_external_secrets_or_stores(kube, unique):
    env = "dev"
    names = [f"sa{unique}", f"sb{unique}"]
    specs = [
        {
            "name": n,
            "owners": ["lead@example.com"],
            "groups": {"admin": [f"{n}-admins"], "edit": [f"{n}-devs"], "view": [f"{n}-viewers"]},
            "environments": [env],
            "secrets": TEAM_SECRETS,
        }
        for n in names
    ]
    settings = ob.merge_settings()
    objs = ob.build_tenant_roles()
    for spec in ob.validate_teams(specs, env, settings):
        objs += ob.build_team(spec, env, settings)
    p = secrets.plan({"environment": env, "provider": "kind", "teams": specs, "settings": {"source_namespace": f"platform-secrets-{unique}"}})
    objs += p["objects"] + p["team_rbac"]
    apply_batch(kube, objs)
    ns = f"{names[0]}-{env}"
    for role in ("admin", "edit", "view"):
        who = (f"probe-{role}", [specs[0]["groups"][role][0], "system:authenticated"])
        for resource in ("externalsecrets", "secretstores"):
            for verb in ("get", "list", "watch"):
                assert sar(kube, *who, verb, "external-secrets.io", resource, ns), (role, resource, verb)
            for verb in ("create", "update", "patch", "delete", "deletecollection"):
                assert not sar(kube, *who, verb, "external-secrets.io", resource, ns), (role, resource, verb)
        assert not sar(kube, *who, "get", "external-secrets.io", "clustersecretstores", "")
        assert not sar(kube, *who, "get", "", "secrets", f"platform-secrets-{unique}", f"{names[0]}.db")
        # The Secrets ESO writes: edit and admin read them (as any Secret of the namespace), view does not.
        assert sar(kube, *who, "get", "", "secrets", ns) is (role != "view")
        # Nothing in the other team's namespace.
        assert not sar(kube, *who, "get", "external-secrets.io", "externalsecrets", f"{names[1]}-{env}")

    # The store's reader service account reads its own team's source Secrets by name, never another team's.
    reader = (f"system:serviceaccount:{ns}:{secrets.READER_SA}", ["system:serviceaccounts", f"system:serviceaccounts:{ns}", "system:authenticated"])
    src = f"platform-secrets-{unique}"
    assert sar(kube, *reader, "get", "", "secrets", src, f"{names[0]}.db")
    assert not sar(kube, *reader, "get", "", "secrets", src, f"{names[1]}.db")
    assert not sar(kube, *reader, "get", "", "secrets", f"{names[1]}-{env}")


# -- the role on the local control plane ------------------------------------------------------------------
@pytest.mark.k8s
@pytest.mark.upstream
def test_role_on_the_local_control_plane_applies_then_changes_nothing(run_playbook, control_plane, kube, flux_crds, unique):
    name = f"lt{unique}"
    ev = {
        "platform_kubeconfig": control_plane["kubeconfig"],
        "platform_environment": "local",
        "platform_cluster_provider": "envtest",
        "platform_controllers_running": False,
        "secrets_teams": teams("local", name),
    }
    apply_batch(kube, [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": f"{name}-local"}}])  # onboarding's, in site.yml
    first = run_playbook(PLAYBOOK, extra_vars=ev, inventory="localhost,")
    assert first.rc == 0, first.explain()
    (msg,) = [r["msg"] for r in first.task_results("Report")]
    assert msg.startswith("secrets: HelmRelease external-secrets/external-secrets (2.9.0) applied, not reconciled (no controllers); 1 team SecretStore(s)")
    assert msg.endswith("not applied: the external-secrets.io CRDs come with the HelmRelease and no controller installed them"), msg
    hr = kube.get({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": {"name": "external-secrets", "namespace": "external-secrets"}})
    assert hr["spec"]["values"]["rbac"]["aggregateToEdit"] is False
    role = kube.get(
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": f"team-secrets-{name}", "namespace": "platform-secrets"}}
    )
    assert role["rules"][0]["resourceNames"] == [f"{name}.db"]
    assert kube.get({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "team-secrets-reader", "namespace": f"{name}-local"}})

    again = run_playbook(PLAYBOOK, extra_vars=ev, inventory="localhost,")
    assert again.rc == 0 and again.changed() == 0, again.explain()
    check = run_playbook(PLAYBOOK, "--diff", extra_vars=ev, inventory="localhost,", check=True)
    assert check.rc == 0 and check.changed() == 0, check.explain()

    bad = run_playbook(
        PLAYBOOK,
        extra_vars=dict(ev, secrets_teams=[{"name": name, "environments": ["local"], "secrets": {"x": {"key": "../other/db"}}}]),
        inventory="localhost,",
    )
    assert bad.rc != 0 and "secrets.x.key='../other/db': expected a name relative to the team's own prefix" in bad.stdout
    assert bad.changed() == 0


# -- EKS on moto: IAM ---------------------------------------------------------------------------------------
@pytest.mark.aws
@pytest.mark.k8s
@pytest.mark.upstream
def test_a_teams_role_cannot_read_another_teams_prefix(moto_server, run_playbook, control_plane, flux_crds, unique):
    """The role on EKS (moto for IAM, the control plane for the manifests); the roles' policies read back from IAM and
    evaluated with moto's IAM policy evaluator (moto has no SimulatePrincipalPolicy, and its Secrets Manager
    authorizes every call against resource '*', so calls with the team's credentials would not test the prefix)."""
    from moto.iam.access_control import IAMPolicy, PermissionResult

    cluster, env = f"sec-{unique}", "staging"
    a, b = f"ta{unique}", f"tb{unique}"
    ev = {
        "platform_kubeconfig": control_plane["kubeconfig"],
        "platform_environment": env,
        "platform_cluster_provider": "eks",
        "platform_controllers_running": False,
        "eks_cluster_name": cluster,
        "eks_cluster_region": "us-east-1",
        "eks_cluster_endpoint_url": moto_server,
        "eks_cluster_manage_identity": False,  # moto 5.2.5 has no Pod Identity API
        "secrets_teams": teams(env, a, b),
    }
    first = run_playbook(PLAYBOOK, extra_vars=ev, inventory="localhost,")
    assert first.rc == 0, first.explain()
    iam = boto3.client("iam", region_name="us-east-1")
    account = boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"]

    def policy(role, name):
        doc = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
        return IAMPolicy(doc if isinstance(doc, str) else json.dumps(doc))

    def secret(team, key="db"):
        return f"arn:aws:secretsmanager:us-east-1:{account}:secret:/{env}/{team}/{key}-AbCdEf"

    team_a = policy(f"{cluster}-secrets-{a}", "secrets-prefix")
    assert team_a.is_action_permitted("secretsmanager:GetSecretValue", secret(a)) == PermissionResult.PERMITTED
    assert team_a.is_action_permitted("secretsmanager:GetSecretValue", secret(a, "api/stripe")) == PermissionResult.PERMITTED
    for other in (secret(b), f"arn:aws:secretsmanager:us-east-1:{account}:secret:/{env}/platform/grafana-AbCdEf", secret(a).replace(f"/{env}/", "/prod/")):
        assert team_a.is_action_permitted("secretsmanager:GetSecretValue", other) != PermissionResult.PERMITTED, other
    assert team_a.is_action_permitted("secretsmanager:PutSecretValue", secret(a)) != PermissionResult.PERMITTED
    assert team_a.is_action_permitted("secretsmanager:ListSecrets", "*") != PermissionResult.PERMITTED
    # Only the operator's role may assume a team's role.
    trust = iam.get_role(RoleName=f"{cluster}-secrets-{a}")["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == {"AWS": f"arn:aws:iam::{account}:role/{cluster}-external-secrets"}
    operator = policy(f"{cluster}-external-secrets", "external-secrets")
    assert operator.is_action_permitted("sts:AssumeRole", f"arn:aws:iam::{account}:role/{cluster}-secrets-{a}") == PermissionResult.PERMITTED
    assert operator.is_action_permitted("sts:AssumeRole", f"arn:aws:iam::{account}:role/{cluster}-node") != PermissionResult.PERMITTED
    assert operator.is_action_permitted("secretsmanager:GetSecretValue", secret(a)) != PermissionResult.PERMITTED

    again = run_playbook(PLAYBOOK, extra_vars=ev, inventory="localhost,")
    assert again.rc == 0 and again.changed() == 0, again.explain()
