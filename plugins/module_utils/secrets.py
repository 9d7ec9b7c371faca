# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""External Secrets Operator as data: chart values, stores, the teams' ExternalSecrets and the IAM policies (no I/O).

``plan(config)`` validates everything first and raises ``ValidationError`` listing every problem before anything is
applied. Each team gets one SecretStore, ``team-secrets``, in each of its namespaces, and can reach only its own
secrets through it:

- on EKS the store reads AWS Secrets Manager through an IAM role of the team's (``<cluster>-secrets-<team>``) that the
  operator assumes; that role's policy allows reading only ``/<env>/<team>/*`` (the Resource element names the prefix,
  so AWS enforces it, not a convention). The platform's own ClusterSecretStore reads ``/<env>/platform/*`` through the
  operator's Pod Identity role and serves the platform namespaces only;
- on kind and the local control plane (no cloud) the store is ESO's Kubernetes provider reading Secrets named
  ``<team>.<key>`` from the platform-owned namespace ``platform-secrets``, through a service account of the team's
  namespace whose Role names exactly those Secrets.

The stores and ExternalSecrets are the platform's: the tenant roles only read them (``tenant_read_role``).
"""

from __future__ import annotations

import re

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.helm_values import deep_merge
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, is_dns1123_label, is_dns1123_subdomain

ESO_CHART_VERSION = "2.9.0"
ESO_API = "external-secrets.io/v1"
PROVIDERS = ("envtest", "kind", "eks")
STORE_NAME = "team-secrets"
PLATFORM_STORE = "platform-secrets"
READER_SA = "team-secrets-reader"
MANAGED = {"app.kubernetes.io/managed-by": "platform.runtime", "platform.runtime/component": "secrets"}
TENANT_AGGREGATE = "platform.runtime/aggregate-to-tenant-{}"
# A Secrets Manager name relative to the team's prefix: no leading '/', no '..', Secrets Manager's characters.
_KEY_RE = re.compile(r"^[A-Za-z0-9_+=.@-]+(/[A-Za-z0-9_+=.@-]+)*$")
_PROPERTY_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
_ACCOUNT_RE = re.compile(r"^\d{12}$")

PRESETS = {
    "prod": {"replicas": 2, "refresh_interval": "1h"},
    "staging": {"replicas": 2, "refresh_interval": "1h"},
    "default": {"replicas": 1, "refresh_interval": "15m"},
}

DEFAULTS = {
    "namespace": "external-secrets",
    "release_name": "external-secrets",
    "chart_version": ESO_CHART_VERSION,
    "service_account": "external-secrets",
    "source_namespace": "platform-secrets",
    "replicas": 1,
    "refresh_interval": "1h",
    # Namespaces whose ExternalSecrets may use the platform's ClusterSecretStore (the platform components').
    "platform_namespaces": [],
    "resources": {"requests": {"cpu": "50m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
}


def settings_for(environment, overrides=None):
    return deep_merge(deep_merge(DEFAULTS, PRESETS.get(environment, PRESETS["default"])), overrides or {})


def team_namespaces(team, environment):
    """The team's namespaces in ``environment`` (onboarding's ``<team>-<env>``, or its namespace override)."""
    envs = team.get("environments") or [environment]
    if environment not in envs:
        return []
    override = team.get("namespace")
    if isinstance(override, dict):
        override = override.get(environment)
    return [override or f"{team['name']}-{environment}"]


def remote_key(provider, environment, team, key):
    """Where a team's secret lives: ``/<env>/<team>/<key>`` in Secrets Manager, Secret ``<team>.<key>`` locally."""
    if provider == "eks":
        return f"/{environment}/{team}/{key}"
    return f"{team}.{key.replace('/', '.')}"


def _validate_team_secrets(errs, team):
    secrets = team.get("secrets") or {}
    name = team.get("name")
    if not errs.require(isinstance(secrets, dict), f"platform_teams[{name}].secrets", secrets, "a mapping of Secret name to {key, properties, environments}"):
        return
    for sname, spec in secrets.items():
        field = f"platform_teams[{name}].secrets.{sname}"
        errs.require(is_dns1123_subdomain(sname), field, sname, "a Secret name (DNS-1123 subdomain)")
        if not errs.require(isinstance(spec, dict), field, spec, "a mapping with key (and optionally properties, environments, refresh_interval)"):
            continue
        unknown = sorted(set(spec) - {"key", "properties", "environments", "refresh_interval"})
        errs.require(
            not unknown,
            f"{field}.{(unknown or [''])[0]}",
            spec.get((unknown or [""])[0]),
            "no such field; known fields are key, properties, environments, refresh_interval",
        )
        key = spec.get("key")
        errs.require(
            isinstance(key, str) and bool(_KEY_RE.match(key)) and ".." not in key.split("/"),
            f"{field}.key",
            key,
            "a name relative to the team's own prefix (/<env>/<team>/), such as db or api/stripe: no leading '/', no '..', only letters, digits and _+=.@-",
        )
        props = spec.get("properties")
        if props is not None:
            errs.require(
                isinstance(props, list) and props and all(isinstance(p, str) and _PROPERTY_RE.match(p) for p in props),
                f"{field}.properties",
                props,
                "a non-empty list of JSON keys of the secret's value (letters, digits, _.-)",
            )
        envs = spec.get("environments")
        if envs is not None:
            errs.require(isinstance(envs, list) and all(isinstance(e, str) for e in envs), f"{field}.environments", envs, "a list of environment names")
        if spec.get("refresh_interval") is not None:
            errs.duration(f"{field}.refresh_interval", spec["refresh_interval"], units=("s", "m", "h"))


def validate(config, settings):
    errs = Errors(prefix="secrets: ")
    provider = config.get("provider")
    errs.require(provider in PROVIDERS, "provider", provider, f"one of {', '.join(PROVIDERS)} (platform_cluster_provider)")
    for key in ("namespace", "source_namespace", "service_account"):
        errs.dns1123_label(key, settings.get(key))
    errs.require(isinstance(settings.get("replicas"), int) and 1 <= settings["replicas"] <= 5, "replicas", settings.get("replicas"), "an integer from 1 to 5")
    errs.duration("refresh_interval", settings.get("refresh_interval"), units=("s", "m", "h"))
    if provider == "eks":
        errs.require(is_dns1123_label(config.get("cluster_name"), 100), "cluster_name", config.get("cluster_name"), "the EKS cluster's name (eks_cluster_name)")
        errs.require(bool(config.get("region")), "region", config.get("region"), "the cluster's AWS region")
        errs.require(bool(_ACCOUNT_RE.match(str(config.get("account_id") or ""))), "account_id", config.get("account_id"), "the 12-digit AWS account ID")
    for team in config.get("teams") or []:
        _validate_team_secrets(errs, team)
    return errs


def chart_values(settings):
    replicas = settings["replicas"]
    values = {
        "installCRDs": True,
        "replicaCount": replicas,
        "leaderElect": replicas > 1,
        "serviceAccount": {"create": True, "name": settings["service_account"]},
        "resources": settings["resources"],
        "podDisruptionBudget": {"enabled": replicas > 1, "minAvailable": 1},
        "webhook": {"replicaCount": replicas, "podDisruptionBudget": {"enabled": replicas > 1, "minAvailable": 1}},
        "certController": {"replicaCount": 1},
        # Teams get ExternalSecret rights from nobody: the tenant roles read them (tenant_read_role), the chart's
        # aggregation into the built-in edit/view roles is off.
        "rbac": {"create": True, "aggregateToView": False, "aggregateToEdit": False, "aggregateToAdmin": False},
    }
    return values


def _meta(name, namespace=None, labels=None):
    md = {"name": name, "labels": dict(MANAGED, **(labels or {}))}
    if namespace:
        md["namespace"] = namespace
    return md


def iam_arns(config, team=None):
    p, region, account, cluster = config.get("partition") or "aws", config["region"], config["account_id"], config["cluster_name"]
    prefix = f"arn:{p}:secretsmanager:{region}:{account}:secret:/{config['environment']}/"
    return {
        "controller_role": f"arn:{p}:iam::{account}:role/{cluster}-external-secrets",
        "team_role": f"arn:{p}:iam::{account}:role/{cluster}-secrets-{team}" if team else None,
        "team_role_pattern": f"arn:{p}:iam::{account}:role/{cluster}-secrets-*",
        "prefix": prefix,
    }


_READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"]


def team_policy(config, team):
    """The team role's policy: read only the secrets under ``/<env>/<team>/`` (Secrets Manager adds a 6-character suffix)."""
    arns = iam_arns(config, team)
    return {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "ReadOwnPrefix", "Effect": "Allow", "Action": list(_READ_ACTIONS), "Resource": f"{arns['prefix']}{team}/*"}],
    }


def team_trust(config):
    """The team role trusts the operator's role only (the operator assumes it for the team's SecretStore)."""
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": iam_arns(config)["controller_role"]}, "Action": ["sts:AssumeRole", "sts:TagSession"]}],
    }


def controller_policy(config):
    """The operator's Pod Identity policy: the platform's prefix, and assuming the teams' roles of this cluster."""
    arns = iam_arns(config)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "ReadPlatformPrefix", "Effect": "Allow", "Action": list(_READ_ACTIONS), "Resource": f"{arns['prefix']}platform/*"},
            {"Sid": "AssumeTeamRoles", "Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": arns["team_role_pattern"]},
        ],
    }


def _aws_provider(config, role=None):
    aws = {"service": "SecretsManager", "region": config["region"]}
    if role:
        aws["role"] = role
    return {"aws": aws}


def _kubernetes_provider(settings, sa):
    return {
        "kubernetes": {
            "remoteNamespace": settings["source_namespace"],
            "server": {"caProvider": {"type": "ConfigMap", "name": "kube-root-ca.crt", "key": "ca.crt"}},
            "auth": {"serviceAccount": {"name": sa}},
        }
    }


def team_objects(config, settings, team):
    """The team's store (and, without a cloud, its reader service account and Role) and its ExternalSecrets."""
    env, provider, name = config["environment"], config["provider"], team["name"]
    out, namespaces = [], team_namespaces(team, env)
    secrets = {k: v for k, v in sorted((team.get("secrets") or {}).items()) if env in (v.get("environments") or [env])}
    remote = sorted({remote_key(provider, env, name, s["key"]) for s in secrets.values()})
    labels = {"platform.runtime/team": name}
    if provider != "eks" and namespaces:
        # The Kubernetes provider reads through a service account of the team's namespace; its Role in the source
        # namespace names exactly the team's Secrets (RBAC has no name prefixes).
        rules = [{"apiGroups": [""], "resources": ["secrets"], "resourceNames": remote, "verbs": ["get", "list", "watch"]}] if remote else []
        rules.append({"apiGroups": ["authorization.k8s.io"], "resources": ["selfsubjectrulesreviews"], "verbs": ["create"]})
        role = f"{STORE_NAME}-{name}"
        out.append(
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": _meta(role, settings["source_namespace"], labels), "rules": rules}
        )
        out.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "RoleBinding",
                "metadata": _meta(role, settings["source_namespace"], labels),
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": role},
                "subjects": [{"kind": "ServiceAccount", "name": READER_SA, "namespace": ns} for ns in namespaces],
            }
        )
    for ns in namespaces:
        if provider == "eks":
            provider_spec = _aws_provider(config, iam_arns(config, name)["team_role"])
        else:
            out.append({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(READER_SA, ns, labels)})
            provider_spec = _kubernetes_provider(settings, READER_SA)
        out.append({"apiVersion": ESO_API, "kind": "SecretStore", "metadata": _meta(STORE_NAME, ns, labels), "spec": {"provider": provider_spec}})
        for sname, spec in secrets.items():
            key = remote_key(provider, env, name, spec["key"])
            if spec.get("properties"):
                data = [{"secretKey": p, "remoteRef": {"key": key, "property": p}} for p in spec["properties"]]
            elif provider == "eks":
                data = [{"secretKey": "value", "remoteRef": {"key": key}}]
            else:
                data = [{"secretKey": "value", "remoteRef": {"key": key, "property": "value"}}]
            out.append(
                {
                    "apiVersion": ESO_API,
                    "kind": "ExternalSecret",
                    "metadata": _meta(sname, ns, labels),
                    "spec": {
                        "refreshInterval": spec.get("refresh_interval") or settings["refresh_interval"],
                        "secretStoreRef": {"kind": "SecretStore", "name": STORE_NAME},
                        "target": {"name": sname, "creationPolicy": "Owner", "template": {"metadata": {"labels": dict(labels)}}},
                        "data": data,
                    },
                }
            )
    return out


def platform_store(config, settings):
    """The platform's ClusterSecretStore, serving the platform components' namespaces only."""
    if config["provider"] == "eks":
        provider_spec = _aws_provider(config)
    else:
        provider_spec = _kubernetes_provider(settings, settings["service_account"])
        provider_spec["kubernetes"]["auth"]["serviceAccount"]["namespace"] = settings["namespace"]
    spec = {"provider": provider_spec}
    if settings["platform_namespaces"]:
        spec["conditions"] = [{"namespaces": sorted(settings["platform_namespaces"])}]
    return {"apiVersion": ESO_API, "kind": "ClusterSecretStore", "metadata": _meta(PLATFORM_STORE), "spec": spec}


def tenant_read_role():
    """Read-only access to the stores and ExternalSecrets for every tenant role (aggregated by their label)."""
    labels = {TENANT_AGGREGATE.format(r): "true" for r in ("view", "edit", "admin")}
    return {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "ClusterRole",
        "metadata": _meta("platform-tenant-external-secrets-read", None, labels),
        "rules": [{"apiGroups": ["external-secrets.io"], "resources": ["externalsecrets", "secretstores"], "verbs": ["get", "list", "watch"]}],
    }


def plan(config):
    """Validate and build what the secrets role applies.

    ``config``: environment, provider, teams (platform_teams), settings; on EKS also cluster_name, region, account_id
    (and partition).
    """
    environment = config.get("environment")
    if not isinstance(environment, str) or not environment:
        raise ValidationError([f"secrets: environment={environment!r}: expected the environment name (platform_environment)"])
    settings = settings_for(environment, config.get("settings"))
    validate(config, settings).raise_if_any()
    provider = config["provider"]
    config = dict(config, environment=environment)
    base = [tenant_read_role()]
    if provider != "eks":
        base.insert(0, {"apiVersion": "v1", "kind": "Namespace", "metadata": _meta(settings["source_namespace"])})
    stores = [platform_store(config, settings)]
    teams = []
    for team in config.get("teams") or []:
        objs = team_objects(config, settings, team)
        if objs:
            teams.append({"team": team["name"], "objects": objs})
    out = {
        "settings": settings,
        "provider": provider,
        "values": chart_values(settings),
        "objects": base,
        "custom_resources": stores + [o for t in teams for o in t["objects"] if o["apiVersion"] == ESO_API],
        "team_rbac": [o for t in teams for o in t["objects"] if o["apiVersion"] != ESO_API],
        "teams": sorted(t["team"] for t in teams),
    }
    if provider == "eks":
        out["iam"] = {
            "controller": {"policy": controller_policy(config), "service_account": settings["service_account"]},
            "teams": [
                {
                    "team": t["name"],
                    "role": f"{config['cluster_name']}-secrets-{t['name']}",
                    "policy": team_policy(config, t["name"]),
                    "trust": team_trust(config),
                }
                for t in config.get("teams") or []
                if team_namespaces(t, environment)
            ],
        }
    return out
