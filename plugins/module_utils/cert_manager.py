# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cert-manager: the HelmRelease, the Let's Encrypt ClusterIssuers and the ingress Certificate. Pure builders.

HTTP-01 goes through Istio's Kubernetes Ingress support: the solver's Ingress has class ``istio`` and istiod
serves it through the ingress gateway (meshConfig.ingressService/ingressSelector, K8S_INGRESS_NS; see mesh.py).
"""

from __future__ import annotations

import copy

from ansible_collections.platform.runtime.plugins.module_utils import flux
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, is_dns1123_subdomain

CERT_API = "cert-manager.io/v1"
# The chart is published as v1.21.1; Flux matches versions as semver, so the exact "1.21.1" selects it, and the
# pinned-chart policy (no leading v) holds for the platform's own release too.
CHART_VERSION = "1.21.1"
CHART_REPOSITORY = "https://charts.jetstack.io"
ACME_SERVERS = {
    "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
    "letsencrypt-prod": "https://acme-v02.api.letsencrypt.org/directory",
}
LABELS = {"app.kubernetes.io/managed-by": "platform.runtime", "app.kubernetes.io/part-of": "cert-manager"}


def _check_email(errs, email):
    ok = isinstance(email, str) and email.count("@") == 1 and "." in email.split("@")[1] and " " not in email
    return errs.require(ok, "acme_email", email, "an e-mail address for Let's Encrypt expiry notices")


def cluster_issuers(email, ingress_class="istio", servers=None):
    errs = Errors(prefix="cert_manager: ")
    _check_email(errs, email)
    errs.dns1123_label("ingress_class", ingress_class)
    errs.raise_if_any(ValidationError)
    out = []
    for name, server in (servers or ACME_SERVERS).items():
        spec = {
            "acme": {
                "email": email,
                "server": server,
                "privateKeySecretRef": {"name": f"{name}-account-key"},
                "solvers": [{"http01": {"ingress": {"class": ingress_class}}}],
            }
        }
        out.append({"apiVersion": CERT_API, "kind": "ClusterIssuer", "metadata": {"name": name, "labels": dict(LABELS)}, "spec": spec})
    return out


def certificate(name, namespace, secret_name, dns_names, issuer):
    """The Certificate the ingress Gateway serves: ``secret_name`` is the Gateway's credentialName."""
    errs = Errors(prefix=f"Certificate {namespace}/{name}: ")
    errs.dns1123_subdomain("secret_name", secret_name)
    errs.one_of("issuer", issuer, list(ACME_SERVERS))
    if errs.string_list("dns_names", dns_names):
        for h in dns_names:
            if h.startswith("*."):
                errs.add("dns_names", h, "no wildcard names: HTTP-01 cannot validate them (use DNS-01 or list the hosts)")
            else:
                errs.require(is_dns1123_subdomain(h), "dns_names", h, "DNS names such as pay.example.com")
    errs.raise_if_any(ValidationError)
    spec = {"secretName": secret_name, "dnsNames": list(dns_names), "issuerRef": {"kind": "ClusterIssuer", "name": issuer, "group": "cert-manager.io"}}
    return {"apiVersion": CERT_API, "kind": "Certificate", "metadata": {"name": name, "namespace": namespace, "labels": dict(LABELS)}, "spec": spec}


DEFAULT_RESOURCES = {
    "resources": {"requests": {"cpu": "50m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}},
    "webhook": {"resources": {"requests": {"cpu": "20m", "memory": "64Mi"}, "limits": {"cpu": "200m", "memory": "256Mi"}}},
    "cainjector": {"resources": {"requests": {"cpu": "20m", "memory": "128Mi"}, "limits": {"cpu": "200m", "memory": "512Mi"}}},
    "startupapicheck": {"resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"cpu": "100m", "memory": "64Mi"}}},
}


def cert_manager_plan(cfg):
    """{namespaces, sources, releases, issuers} for the cert_manager role.

    ``cfg``: namespace, flux_namespace, version, timeout, acme_email, values, service_account_name, chart_repository.
    """
    ns, fns = cfg.get("namespace") or "cert-manager", cfg.get("flux_namespace") or "flux-system"
    values = {"crds": {"enabled": True, "keep": True}}
    # The chart leaves every container's requests and limits empty; Gatekeeper's constraints ask for them.
    values.update(copy.deepcopy(DEFAULT_RESOURCES))
    for key, val in (cfg.get("values") or {}).items():
        values[key] = val
    if not (values.get("crds") or {}).get("enabled"):
        raise ValidationError(
            [f"cert_manager: values.crds.enabled={values.get('crds')!r}: expected true (the chart's CRDs are templates; nothing else installs them)"]
        )
    release = flux.helm_release(
        name="cert-manager",
        namespace=fns,
        chart="cert-manager",
        version=cfg.get("version") or CHART_VERSION,
        source_name="jetstack",
        target_namespace=ns,
        release_name="cert-manager",
        timeout=cfg.get("timeout") or "180s",
        # The CRDs are chart templates (crds.enabled), not files in crds/, so Flux's CRD policy has nothing to do.
        crds="Skip",
        values=values,
        service_account_name=cfg.get("service_account_name") or None,
        labels=LABELS,
    )
    return {
        "namespaces": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": {"app.kubernetes.io/part-of": "cert-manager"}}}],
        "sources": [flux.helm_repository("jetstack", fns, cfg.get("chart_repository") or CHART_REPOSITORY, interval="1h", labels=LABELS)],
        "releases": [release],
        "issuers": cluster_issuers(cfg.get("acme_email"), cfg.get("ingress_class") or "istio"),
    }
