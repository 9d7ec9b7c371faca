# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Platform-wide constants that several roles and modules share: one home for each."""

from __future__ import annotations

# Namespace of each platform component. Inventories may override any of them with
# ``platform_namespaces``; roles default their own namespace variable from it.
PLATFORM_NAMESPACES = {
    "flux": "flux-system",
    "cert_manager": "cert-manager",
    "istio": "istio-system",
    "istio_ingress": "istio-ingress",
    "gatekeeper": "gatekeeper-system",
    "monitoring": "monitoring",
    "backup": "velero",
    "autoscaling": "kube-system",
    "secrets": "external-secrets",
    # The platform-owned namespace the stores of kind and the local control plane read (no cloud).
    "secrets_source": "platform-secrets",
    "sealed_secrets": "sealed-secrets",
}

# Kubernetes' own namespaces. ``kube-*`` is a glob: every namespace with that prefix.
KUBERNETES_NAMESPACES = ("kube-*", "default")

# Components site.yml can install, in the order it installs them.
COMPONENTS = ("flux", "autoscaling", "cert_manager", "istio", "gatekeeper", "monitoring", "backup", "secrets", "sealed_secrets")


def system_namespaces(overrides=None):
    """Every namespace no team may own and every constraint excludes: Kubernetes' own plus the components'."""
    namespaces = dict(PLATFORM_NAMESPACES)
    namespaces.update(overrides or {})
    return list(KUBERNETES_NAMESPACES) + sorted(set(namespaces.values()))


def is_system_namespace(name, overrides=None):
    for pattern in system_namespaces(overrides):
        if pattern.endswith("*") and name.startswith(pattern[:-1]) or name == pattern:
            return True
    return False
