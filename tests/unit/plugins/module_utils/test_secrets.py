# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import secrets
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError

TEAMS = [
    {
        "name": "payments",
        "environments": ["local", "dev", "staging", "prod"],
        "secrets": {"payments-db": {"key": "db", "properties": ["username", "password"]}, "stripe": {"key": "api/stripe", "environments": ["prod"]}},
    },
    {"name": "backend", "environments": ["dev", "prod"]},
]
EKS = {"environment": "prod", "provider": "eks", "cluster_name": "prod-eu", "region": "eu-west-1", "account_id": "111122223333", "teams": TEAMS}


def kinds(objs, kind, ns=None):
    return [o for o in objs if o["kind"] == kind and (ns is None or o["metadata"].get("namespace") == ns)]


def test_eks_team_store_assumes_the_teams_role_and_reads_its_prefix():
    p = secrets.plan(EKS)
    (store,) = kinds(p["custom_resources"], "SecretStore", "payments-prod")
    assert store["metadata"]["name"] == "team-secrets"
    assert store["spec"]["provider"]["aws"] == {
        "service": "SecretsManager",
        "region": "eu-west-1",
        "role": "arn:aws:iam::111122223333:role/prod-eu-secrets-payments",
    }
    es = {o["metadata"]["name"]: o for o in kinds(p["custom_resources"], "ExternalSecret", "payments-prod")}
    assert sorted(es) == ["payments-db", "stripe"]
    assert es["payments-db"]["spec"]["data"] == [
        {"secretKey": "username", "remoteRef": {"key": "/prod/payments/db", "property": "username"}},
        {"secretKey": "password", "remoteRef": {"key": "/prod/payments/db", "property": "password"}},
    ]
    assert es["stripe"]["spec"]["data"] == [{"secretKey": "value", "remoteRef": {"key": "/prod/payments/api/stripe"}}]
    assert es["stripe"]["spec"]["secretStoreRef"] == {"kind": "SecretStore", "name": "team-secrets"}
    assert es["stripe"]["spec"]["refreshInterval"] == "1h"
    # backend has no secrets but gets its store; no store outside the team's environments.
    assert kinds(p["custom_resources"], "SecretStore", "backend-prod") and not kinds(p["custom_resources"], "ExternalSecret", "backend-prod")
    assert p["team_rbac"] == []


def test_team_policy_names_only_its_own_prefix_and_trusts_only_the_operator():
    p = secrets.plan(EKS)
    teams = {t["team"]: t for t in p["iam"]["teams"]}
    assert sorted(teams) == ["backend", "payments"]
    (stmt,) = teams["payments"]["policy"]["Statement"]
    assert stmt["Effect"] == "Allow" and stmt["Resource"] == "arn:aws:secretsmanager:eu-west-1:111122223333:secret:/prod/payments/*"
    assert "secretsmanager:ListSecrets" not in stmt["Action"] and not [a for a in stmt["Action"] if "*" in a]
    (trust,) = teams["payments"]["trust"]["Statement"]
    assert trust["Principal"] == {"AWS": "arn:aws:iam::111122223333:role/prod-eu-external-secrets"}
    controller = p["iam"]["controller"]["policy"]["Statement"]
    assert controller[0]["Resource"] == "arn:aws:secretsmanager:eu-west-1:111122223333:secret:/prod/platform/*"
    assert controller[1]["Resource"] == "arn:aws:iam::111122223333:role/prod-eu-secrets-*"


def test_local_store_reads_named_secrets_of_the_platform_namespace():
    p = secrets.plan({"environment": "local", "provider": "envtest", "teams": TEAMS})
    (store,) = kinds(p["custom_resources"], "SecretStore", "payments-local")
    k = store["spec"]["provider"]["kubernetes"]
    assert k["remoteNamespace"] == "platform-secrets" and k["auth"] == {"serviceAccount": {"name": "team-secrets-reader"}}
    (role,) = kinds(p["team_rbac"], "Role")
    assert role["metadata"]["namespace"] == "platform-secrets"
    assert role["rules"][0] == {"apiGroups": [""], "resources": ["secrets"], "resourceNames": ["payments.db"], "verbs": ["get", "list", "watch"]}
    (binding,) = kinds(p["team_rbac"], "RoleBinding")
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "team-secrets-reader", "namespace": "payments-local"}]
    (es,) = kinds(p["custom_resources"], "ExternalSecret", "payments-local")  # stripe is prod only
    assert es["spec"]["data"][0]["remoteRef"] == {"key": "payments.db", "property": "username"}
    assert es["spec"]["refreshInterval"] == "15m"
    assert not kinds(p["custom_resources"], "SecretStore", "backend-local")  # backend is not in local
    assert kinds(p["objects"], "Namespace")[0]["metadata"]["name"] == "platform-secrets"


def test_platform_store_serves_only_the_platform_namespaces():
    p = secrets.plan(dict(EKS, settings={"platform_namespaces": ["velero", "monitoring"]}))
    (store,) = kinds(p["custom_resources"], "ClusterSecretStore")
    assert store["spec"]["conditions"] == [{"namespaces": ["monitoring", "velero"]}]
    assert store["spec"]["provider"]["aws"] == {"service": "SecretsManager", "region": "eu-west-1"}


def test_tenants_read_but_never_write_the_stores_and_external_secrets():
    role = secrets.tenant_read_role()
    assert role["rules"] == [{"apiGroups": ["external-secrets.io"], "resources": ["externalsecrets", "secretstores"], "verbs": ["get", "list", "watch"]}]
    assert all(role["metadata"]["labels"][f"platform.runtime/aggregate-to-tenant-{r}"] == "true" for r in ("view", "edit", "admin"))
    values = secrets.plan(EKS)["values"]
    assert values["rbac"]["aggregateToEdit"] is values["rbac"]["aggregateToAdmin"] is values["rbac"]["aggregateToView"] is False


@pytest.mark.parametrize(
    "secrets_, message",
    [
        ({"x": {"key": "/prod/backend/db"}}, "secrets.x.key='/prod/backend/db': expected a name relative to the team's own prefix"),
        ({"x": {"key": "../backend/db"}}, "secrets.x.key='../backend/db': expected a name relative"),
        ({"x": {"key": "a/../../backend"}}, "secrets.x.key='a/../../backend'"),
        ({"X_Y": {"key": "db"}}, "secrets.X_Y='X_Y': expected a Secret name"),
        ({"x": {"key": "db", "properties": []}}, "secrets.x.properties=[]: expected a non-empty list"),
        ({"x": {"key": "db", "store": "other"}}, "secrets.x.store='other': expected no such field"),
        ({"x": {"key": "db", "refresh_interval": "soon"}}, "secrets.x.refresh_interval='soon': expected a duration"),
        (["db"], "secrets=['db']: expected a mapping"),
    ],
)
def test_bad_team_secrets_are_refused(secrets_, message):
    team = {"name": "payments", "environments": ["prod"], "secrets": secrets_}
    with pytest.raises(ValidationError) as e:
        secrets.plan(dict(EKS, teams=[team]))
    assert message in str(e.value)


def test_eks_needs_account_region_and_cluster():
    with pytest.raises(ValidationError) as e:
        secrets.plan(dict(EKS, account_id="1234", region="", cluster_name=None))
    text = str(e.value)
    assert "account_id='1234': expected the 12-digit AWS account ID" in text and "region=''" in text and "cluster_name=None" in text


def test_sealed_secrets_plan_and_tenant_roles():
    from ansible_collections.platform.runtime.plugins.module_utils import sealed_secrets

    p = sealed_secrets.plan({"environment": "dev"})
    assert p["values"]["fullnameOverride"] == "sealed-secrets-controller" and p["values"]["keyrenewperiod"] == "720h"
    read, write = p["objects"]
    assert read["rules"][0]["verbs"] == ["get", "list", "watch"]
    assert {k for k in read["metadata"]["labels"] if k.startswith("platform.runtime/aggregate")} == {
        "platform.runtime/aggregate-to-tenant-view",
        "platform.runtime/aggregate-to-tenant-edit",
        "platform.runtime/aggregate-to-tenant-admin",
    }
    assert "platform.runtime/aggregate-to-tenant-view" not in write["metadata"]["labels"]
    assert sealed_secrets.plan({"settings": {"key_renew_period": "0"}})["values"]["keyrenewperiod"] == "0"
    with pytest.raises(ValidationError) as e:
        sealed_secrets.plan({"settings": {"key_renew_period": "30d", "namespace": "Sealed"}})
    assert "key_renew_period='30d': expected a duration" in str(e.value) and "namespace='Sealed'" in str(e.value)
