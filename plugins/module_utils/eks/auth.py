# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubeconfigs for EKS that keep working: an ``exec`` credential instead of a stored token.

``kubeconfig()`` builds what ``aws eks update-kubeconfig`` writes: the user runs
``aws --region R eks get-token --cluster-name N [--role-arn A] --output json`` on every use
(``client.authentication.k8s.io/v1beta1``), so the file never holds a credential and never expires.

Inside an Ansible run the collection does not need the AWS CLI: ``exec_token()`` recognises that exec stanza and
mints the same token in-process with boto3, and ``use_boto3_token()`` installs it (with a refresh before expiry)
on a kubernetes client configuration.
"""

from __future__ import annotations

import time

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError

# aws (amazon.aws, botocore) is imported only where a token is minted: kube.KubeClient calls use_boto3_token for
# every kubeconfig, and a kubeconfig without an EKS exec credential must not pay for importing boto3.

EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1"
# EKS accepts a token for 15 minutes; refresh well before that.
TOKEN_LIFETIME = 14 * 60
REFRESH_AFTER = 10 * 60


class KubeconfigError(PlatformError):
    """A kubeconfig that cannot be built from the described cluster."""


def exec_stanza(cluster_name, region, role_arn=None, profile=None, command="aws"):
    """The ``users[].user.exec`` of ``aws eks update-kubeconfig`` (same argument order)."""
    args = ["--region", region, "eks", "get-token", "--cluster-name", cluster_name, "--output", "json"]
    if role_arn:
        args += ["--role-arn", role_arn]
    stanza = {"apiVersion": EXEC_API_VERSION, "command": command, "args": args}
    if profile:
        stanza["env"] = [{"name": "AWS_PROFILE", "value": profile}]
    return stanza


def kubeconfig(cluster, region, context=None, role_arn=None, profile=None, command="aws"):
    """A kubeconfig dict for a described EKS ``cluster`` (``name``, ``endpoint``, ``certificateAuthority.data``)."""
    name = cluster.get("name")
    endpoint = cluster.get("endpoint")
    if not name or not endpoint:
        raise KubeconfigError(f"cluster {name!r} has no API endpoint yet (status {cluster.get('status')!r}): it cannot be written to a kubeconfig")
    if not region:
        raise KubeconfigError(f"cluster {name}: region is required for the exec credential (aws --region)")
    context = context or name
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "current-context": context,
        "preferences": {},
        "clusters": [
            {"name": context, "cluster": {"server": endpoint, "certificate-authority-data": (cluster.get("certificateAuthority") or {}).get("data") or ""}}
        ],
        "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
        "users": [{"name": context, "user": {"exec": exec_stanza(name, region, role_arn=role_arn, profile=profile, command=command)}}],
    }


def parse_exec(stanza):
    """``{cluster_name, region, role_arn, profile}`` when ``stanza`` is an ``aws eks get-token`` exec, else None."""
    if not isinstance(stanza, dict) or str(stanza.get("command", "")).rsplit("/", 1)[-1] != "aws":
        return None
    args = [str(a) for a in stanza.get("args") or []]
    if "get-token" not in args or "eks" not in args:
        return None

    def value(flag):
        return args[args.index(flag) + 1] if flag in args and args.index(flag) + 1 < len(args) else None

    name = value("--cluster-name") or value("--cluster-id")
    if not name:
        return None
    env = {e.get("name"): e.get("value") for e in stanza.get("env") or [] if isinstance(e, dict)}
    return {"cluster_name": name, "region": value("--region"), "role_arn": value("--role-arn"), "profile": env.get("AWS_PROFILE") or value("--profile")}


# STS clients by (region, profile, role ARN): making a boto3 session and client costs far more than signing.
_STS = {}
# Assumed-role credentials last an hour; a cached client for a role is replaced well before.
ROLE_CLIENT_TTL = 45 * 60


def sts_client(parsed, session=None, clock=time.time):
    """An STS client for the exec's region and profile; with a role ARN, one for the assumed role. Cached per process."""
    key = (parsed.get("region"), parsed.get("profile"), parsed.get("role_arn"))
    cached = _STS.get(key)
    if session is None and cached and (not key[2] or clock() - cached[1] < ROLE_CLIENT_TTL):
        return cached[0]
    import boto3  # only on the EKS path

    from ansible_collections.platform.runtime.plugins.module_utils import aws

    session = session or boto3.session.Session(profile_name=parsed.get("profile"), region_name=parsed.get("region"))
    sts = session.client("sts", region_name=parsed.get("region"))
    if parsed.get("role_arn"):
        creds = aws.call(sts, "assume_role", f"role {parsed['role_arn']}", RoleArn=parsed["role_arn"], RoleSessionName="platform-runtime")["Credentials"]
        sts = session.client(
            "sts",
            region_name=parsed.get("region"),
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )
    _STS[key] = (sts, clock())
    return sts


def exec_token(stanza, session=None):
    """``(token, expiry_epoch)`` minted with boto3 for an ``aws eks get-token`` exec stanza, or None for any other."""
    from ansible_collections.platform.runtime.plugins.module_utils import aws

    parsed = parse_exec(stanza)
    if parsed is None:
        return None
    token = aws.eks_token(sts_client(parsed, session), parsed["cluster_name"])
    return token, time.time() + TOKEN_LIFETIME


def _context_user(config, context):
    name = context or config.get("current-context")
    ctx = next((c.get("context") or {} for c in config.get("contexts") or [] if c.get("name") == name), None)
    if ctx is None:
        return None
    return next((u.get("user") or {} for u in config.get("users") or [] if u.get("name") == ctx.get("user")), None)


def use_boto3_token(client_configuration, kubeconfig_path, context=None, clock=time.time):
    """If the context's user is an ``aws eks get-token`` exec, authenticate with a boto3 token instead.

    Sets the bearer token and a refresh hook that mints a new one after ``REFRESH_AFTER`` seconds, so a long wait
    never runs into an expired token. Returns True when installed, False for any other kubeconfig.
    A credential plugin of the Kubernetes client (credentials.py registers it with kube): called after a kubeconfig is
    loaded (``kubeconfig_path`` None: E(KUBECONFIG) or ~/.kube/config).
    """
    import os

    import yaml  # PyYAML, a requirement of the kubernetes client

    if not kubeconfig_path:
        kubeconfig_path = (os.environ.get("KUBECONFIG") or "~/.kube/config").split(os.pathsep)[0]
    if not isinstance(kubeconfig_path, str):  # kubernetes.core also accepts a kubeconfig as a mapping
        return False
    try:
        with open(os.path.expanduser(kubeconfig_path)) as f:
            text = f.read()
        # Most kubeconfigs have no EKS exec credential: decide that without parsing YAML.
        if "get-token" not in text:
            return False
        config = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError):
        return False
    stanza = (_context_user(config, context) or {}).get("exec")
    if parse_exec(stanza) is None:
        return False
    state = {"minted": 0.0}

    def refresh(cfg):
        if clock() - state["minted"] >= REFRESH_AFTER:
            token, _expiry = exec_token(stanza)
            cfg.api_key["authorization"] = "Bearer " + token
            state["minted"] = clock()

    refresh(client_configuration)
    client_configuration.refresh_api_key_hook = refresh
    return True
