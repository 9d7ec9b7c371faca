# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sealed Secrets as data (optional component ``sealed_secrets``): chart values and the tenant role (no I/O).

For teams that keep encrypted Secrets in Git: a SealedSecret is decrypted by the cluster's controller into a Secret of
the same name in the same namespace only (the default ``strict`` scope), so a team can write SealedSecrets in its own
namespaces without reaching another team's Secrets.
"""

from __future__ import annotations

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.helm_values import deep_merge
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors

CHART_VERSION = "2.18.5"
# kubeseal's default controller name and namespace are sealed-secrets-controller / kube-system; the namespace here is
# the platform's (kubeseal --controller-namespace sealed-secrets).
CONTROLLER_NAME = "sealed-secrets-controller"
DEFAULTS = {
    "namespace": "sealed-secrets",
    "release_name": "sealed-secrets",
    "chart_version": CHART_VERSION,
    # Renew the sealing key every 30 days (old keys stay to decrypt what they sealed).
    "key_renew_period": "720h",
    "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}},
}
TENANT_AGGREGATE = "platform.runtime/aggregate-to-tenant-{}"


def settings_for(overrides=None):
    return deep_merge(DEFAULTS, overrides or {})


def chart_values(settings):
    return {
        "fullnameOverride": CONTROLLER_NAME,
        "keyrenewperiod": settings["key_renew_period"],
        "resources": settings["resources"],
    }


def tenant_roles():
    """Teams read SealedSecrets (view) and write them (edit, admin) in their own namespaces, through the tenant roles."""
    meta = {"app.kubernetes.io/managed-by": "platform.runtime", "platform.runtime/component": "sealed_secrets"}
    out = []
    for name, roles, verbs in (
        ("read", ("view", "edit", "admin"), ["get", "list", "watch"]),
        ("write", ("edit", "admin"), ["create", "update", "patch", "delete", "deletecollection"]),
    ):
        labels = dict(meta, **{TENANT_AGGREGATE.format(r): "true" for r in roles})
        out.append(
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRole",
                "metadata": {"name": f"platform-tenant-sealed-secrets-{name}", "labels": labels},
                "rules": [{"apiGroups": ["bitnami.com"], "resources": ["sealedsecrets"], "verbs": verbs}],
            }
        )
    return out


def plan(config):
    """``config``: environment, settings. Returns settings, values and the tenant roles."""
    settings = settings_for((config or {}).get("settings"))
    errs = Errors(prefix="sealed_secrets: ")
    errs.dns1123_label("namespace", settings.get("namespace"))
    period = settings.get("key_renew_period")
    if period != "0":
        errs.duration("key_renew_period", period, units=("m", "h"))
    errs.raise_if_any(ValidationError)
    return {"settings": settings, "values": chart_values(settings), "objects": tenant_roles()}
