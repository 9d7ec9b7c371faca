# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure builders and validators for Flux objects (no I/O).

Every builder validates its input before returning and raises ``FluxError``
whose message names the field, the value given and what was expected. The
objects match the Flux 2.9 CRDs (source.toolkit.fluxcd.io/v1,
helm.toolkit.fluxcd.io/v2, kustomize.toolkit.fluxcd.io/v1); the test suite
checks them against the CRDs' openAPIV3Schema with unknown fields rejected.
"""

from __future__ import annotations

import copy
import re

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, is_semver, parse_duration

FLUX_VERSION = "2.9.4"
# Flux v2.9.0 release notes, "Kubernetes compatibility": v1.34 >= 1.34.1, v1.35 >= 1.35.0, v1.36 >= 1.36.0.
FLUX_MIN_KUBERNETES = (1, 34, 1)

SOURCE_API = "source.toolkit.fluxcd.io/v1"
HELM_API = "helm.toolkit.fluxcd.io/v2"
KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/v1"

COMPONENTS = ("source-controller", "kustomize-controller", "helm-controller", "notification-controller")
# Which controller serves which CRD group, to drop the CRDs of components that are not installed.
COMPONENT_GROUPS = {
    "source-controller": "source.toolkit.fluxcd.io",
    "kustomize-controller": "kustomize.toolkit.fluxcd.io",
    "helm-controller": "helm.toolkit.fluxcd.io",
    "notification-controller": "notification.toolkit.fluxcd.io",
}
# flux2-multi-tenancy lockdown: controller flags added per Deployment.
MULTI_TENANCY_ARGS = {
    "kustomize-controller": [
        "--no-cross-namespace-refs=true",
        "--no-remote-bases=true",
        "--default-service-account=default",
    ],
    "helm-controller": ["--no-cross-namespace-refs=true", "--default-service-account=default"],
    "notification-controller": ["--no-cross-namespace-refs=true"],
}

# Units the Flux CRDs accept for interval, timeout and retryInterval (a Go duration without ns/us);
# source timeouts do not accept hours.
DURATION_UNITS = ("ms", "s", "m", "h")
SOURCE_TIMEOUT_UNITS = ("ms", "s", "m")
SOURCE_KINDS = ("GitRepository", "OCIRepository", "Bucket", "HelmRepository", "ExternalArtifact")


class FluxError(ValidationError):
    """Bad input; the message names the field, the value and the expectation."""


def _raise_if_any(errs):
    errs.raise_if_any(FluxError)


def _err(field, value, expected):
    errs = Errors()
    errs.add(field, value, expected)
    return FluxError(errs.messages)


def check_name(field, value):
    """A Flux object name: DNS-1123 label characters, up to 253 of them (what the Flux CRDs accept)."""
    errs = Errors()
    errs.dns1123_label(field, value, max_len=253)
    _raise_if_any(errs)
    return value


def check_duration(field, value, units=DURATION_UNITS):
    if value is None:
        return None
    try:
        parse_duration(value, units)
    except ValueError:
        raise _err(field, value, f"a Go duration such as 1m30s or 10m (units {', '.join(units)})") from None
    return value


def check_chart_version(field, value):
    """Only an exact semantic version; ranges, wildcards and 'latest' make releases drift."""
    if value is None or str(value).strip() in ("", "*", "latest"):
        raise _err(field, value, "a pinned chart version such as 1.30.3 (not empty, '*' or 'latest')")
    value = str(value).strip()
    errs = Errors()
    errs.require(is_semver(value, allow_v=True), field, value, "a pinned chart version such as 1.30.3; ranges (^ ~ > < = || x *) are refused")
    _raise_if_any(errs)
    return value


def check_url(field, value, schemes):
    errs = Errors()
    errs.url(field, value, schemes=schemes)
    _raise_if_any(errs)
    return value


def _secret_ref(field, secret_ref, private):
    if secret_ref:
        if isinstance(secret_ref, dict):
            secret_ref = secret_ref.get("name")
        return {"name": check_name(field, secret_ref)}
    if private:
        raise _err(field, secret_ref, "the name of a Secret with the credentials, because the repository is private")
    return None


def _metadata(name, namespace, labels=None, annotations=None):
    md = {"name": check_name("name", name), "namespace": check_name("namespace", namespace)}
    if labels:
        md["labels"] = dict(labels)
    if annotations:
        md["annotations"] = dict(annotations)
    return md


def _depends_on(field, depends_on, known=None, namespace=None):
    out = []
    for i, dep in enumerate(depends_on or []):
        if isinstance(dep, str):
            dep = {"name": dep}
        if not isinstance(dep, dict) or "name" not in dep:
            raise _err(f"{field}[{i}]", dep, "a name or a mapping with name (and namespace)")
        check_name(f"{field}[{i}].name", dep["name"])
        if known is not None and dep["name"] not in known:
            raise _err(f"{field}[{i}].name", dep["name"], f"one of the known names {sorted(known)}")
        item = {"name": dep["name"]}
        if dep.get("namespace") and dep.get("namespace") != namespace:
            item["namespace"] = check_name(f"{field}[{i}].namespace", dep["namespace"])
        out.append(item)
    return out


def git_repository(name, namespace, url, ref=None, interval="5m", secret_ref=None, private=None, timeout=None, ignore=None, labels=None):
    """A GitRepository. ``ref`` is {branch|tag|semver|commit: value} or a branch name."""
    check_url("url", url, ("https", "http", "ssh"))
    if private is None:
        private = url.startswith("ssh://")
    if url.startswith("ssh://") and not secret_ref:
        raise _err(
            "secret_ref",
            secret_ref,
            "the name of a Secret with identity and known_hosts: an ssh:// URL always needs credentials",
        )
    ref = ref or {"branch": "main"}
    if isinstance(ref, str):
        ref = {"branch": ref}
    allowed = ("branch", "tag", "semver", "commit", "name")
    keys = [k for k, v in ref.items() if v not in (None, "")]
    if not keys or any(k not in allowed for k in keys):
        raise _err("ref", ref, f"a mapping with one of {', '.join(allowed)}")
    spec = {"url": url, "interval": check_duration("interval", interval), "ref": {k: str(ref[k]) for k in keys}}
    sref = _secret_ref("secret_ref", secret_ref, private)
    if sref:
        spec["secretRef"] = sref
    if timeout:
        spec["timeout"] = check_duration("timeout", timeout, SOURCE_TIMEOUT_UNITS)
    if ignore:
        spec["ignore"] = ignore
    return {
        "apiVersion": SOURCE_API,
        "kind": "GitRepository",
        "metadata": _metadata(name, namespace, labels),
        "spec": spec,
    }


def helm_repository(name, namespace, url, interval="1h", secret_ref=None, private=False, timeout=None, provider=None, labels=None):
    """A HelmRepository; an oci:// URL makes it an OCI repository (spec.type: oci)."""
    check_url("url", url, ("https", "http", "oci"))
    spec = {"url": url, "interval": check_duration("interval", interval)}
    if url.lower().startswith("oci://"):
        spec["type"] = "oci"
    sref = _secret_ref("secret_ref", secret_ref, private)
    if sref:
        spec["secretRef"] = sref
    if timeout:
        spec["timeout"] = check_duration("timeout", timeout, SOURCE_TIMEOUT_UNITS)
    if provider:
        if provider not in ("generic", "aws", "azure", "gcp"):
            raise _err("provider", provider, "one of generic, aws, azure, gcp")
        if spec.get("type") != "oci" and provider != "generic":
            raise _err("provider", provider, "generic for an HTTP repository; cloud providers apply to oci:// URLs only")
        spec["provider"] = provider
    return {
        "apiVersion": SOURCE_API,
        "kind": "HelmRepository",
        "metadata": _metadata(name, namespace, labels),
        "spec": spec,
    }


def _values_from(items):
    out = []
    for i, item in enumerate(items or []):
        if not isinstance(item, dict) or item.get("kind") not in ("ConfigMap", "Secret") or not item.get("name"):
            raise _err(f"values_from[{i}]", item, "a mapping with kind (ConfigMap or Secret) and name")
        entry = {"kind": item["kind"], "name": check_name(f"values_from[{i}].name", item["name"])}
        for src, dst in (
            ("values_key", "valuesKey"),
            ("valuesKey", "valuesKey"),
            ("target_path", "targetPath"),
            ("targetPath", "targetPath"),
        ):
            if item.get(src):
                entry[dst] = item[src]
        if item.get("optional") is not None:
            entry["optional"] = bool(item["optional"])
        out.append(entry)
    return out


def helm_release(
    name,
    namespace,
    chart,
    version,
    source_name,
    source_namespace=None,
    source_kind="HelmRepository",
    interval="10m",
    timeout="5m",
    values=None,
    values_from=None,
    depends_on=None,
    known_releases=None,
    target_namespace=None,
    create_namespace=False,
    release_name=None,
    install_retries=3,
    upgrade_retries=3,
    atomic=True,
    crds="CreateReplace",
    service_account_name=None,
    max_history=None,
    labels=None,
):
    """A HelmRelease (helm.toolkit.fluxcd.io/v2) with a pinned chart version.

    ``atomic`` rolls back a failed upgrade (upgrade.remediation.strategy: rollback, remediateLastFailure).
    ``known_releases``, when given, is the set of names ``depends_on`` may refer to.
    """
    if not chart or not isinstance(chart, str):
        raise _err("chart", chart, "the chart name in the source repository")
    version = check_chart_version("version", version)
    if source_kind not in ("HelmRepository", "GitRepository", "Bucket"):
        raise _err("source_kind", source_kind, "HelmRepository, GitRepository or Bucket")
    if crds not in ("Skip", "Create", "CreateReplace"):
        raise _err("crds", crds, "Skip, Create or CreateReplace")
    for field, value in (("install_retries", install_retries), ("upgrade_retries", upgrade_retries)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _err(field, value, "an integer >= 0 (a negative count would retry forever)")
    if values is not None and not isinstance(values, dict):
        raise _err("values", values, "a mapping of chart values")
    source_ref = {"kind": source_kind, "name": check_name("source_name", source_name)}
    if source_namespace and source_namespace != namespace:
        source_ref["namespace"] = check_name("source_namespace", source_namespace)
    spec = {
        "interval": check_duration("interval", interval),
        "chart": {"spec": {"chart": chart, "version": version, "sourceRef": source_ref}},
        "install": {"crds": crds, "remediation": {"retries": install_retries}},
        "upgrade": {"crds": crds, "remediation": {"retries": upgrade_retries}},
    }
    if atomic:
        spec["upgrade"]["remediation"].update({"remediateLastFailure": True, "strategy": "rollback"})
        spec["upgrade"]["cleanupOnFail"] = True
    if timeout:
        spec["timeout"] = check_duration("timeout", timeout)
    if create_namespace:
        if not target_namespace:
            raise _err("create_namespace", create_namespace, "target_namespace to be set: Helm creates the target namespace")
        spec["install"]["createNamespace"] = True
    if target_namespace:
        spec["targetNamespace"] = check_name("target_namespace", target_namespace)
    if release_name:
        spec["releaseName"] = check_name("release_name", release_name)
    deps = _depends_on("depends_on", depends_on, known=set(known_releases) if known_releases is not None else None, namespace=namespace)
    if name in [d["name"] for d in deps if "namespace" not in d]:
        raise _err("depends_on", depends_on, "no dependency of the release on itself")
    if deps:
        spec["dependsOn"] = deps
    if values:
        spec["values"] = copy.deepcopy(values)
    vf = _values_from(values_from)
    if vf:
        spec["valuesFrom"] = vf
    if service_account_name:
        spec["serviceAccountName"] = check_name("service_account_name", service_account_name)
    if max_history is not None:
        spec["maxHistory"] = int(max_history)
    return {"apiVersion": HELM_API, "kind": "HelmRelease", "metadata": _metadata(name, namespace, labels), "spec": spec}


def kustomization(
    name,
    namespace,
    path,
    source_name,
    source_kind="GitRepository",
    source_namespace=None,
    interval="10m",
    retry_interval=None,
    timeout=None,
    prune=True,
    wait=False,
    health_checks=None,
    depends_on=None,
    known=None,
    target_namespace=None,
    service_account_name=None,
    labels=None,
):
    """A Kustomization (kustomize.toolkit.fluxcd.io/v1). ``wait`` and ``health_checks`` exclude each other."""
    if not isinstance(path, str) or not path:
        raise _err("path", path, "a path inside the source, such as ./clusters/prod")
    if source_kind not in SOURCE_KINDS:
        raise _err("source_kind", source_kind, f"one of {', '.join(SOURCE_KINDS)}")
    if wait and health_checks:
        raise _err("health_checks", health_checks, "no health checks when wait is true (wait already checks every object)")
    source_ref = {"kind": source_kind, "name": check_name("source_name", source_name)}
    if source_namespace and source_namespace != namespace:
        source_ref["namespace"] = check_name("source_namespace", source_namespace)
    spec = {
        "interval": check_duration("interval", interval),
        "path": path,
        "prune": bool(prune),
        "sourceRef": source_ref,
    }
    if retry_interval:
        spec["retryInterval"] = check_duration("retry_interval", retry_interval)
    if timeout:
        spec["timeout"] = check_duration("timeout", timeout)
    if wait:
        spec["wait"] = True
    checks = []
    for i, hc in enumerate(health_checks or []):
        if not isinstance(hc, dict) or not hc.get("kind") or not hc.get("name"):
            raise _err(
                f"health_checks[{i}]",
                hc,
                "a mapping with kind, name, namespace and apiVersion (optional for core kinds)",
            )
        item = {"kind": hc["kind"], "name": hc["name"]}
        for k in ("apiVersion", "namespace"):
            if hc.get(k):
                item[k] = hc[k]
        checks.append(item)
    if checks:
        spec["healthChecks"] = checks
    deps = _depends_on("depends_on", depends_on, known=set(known) if known is not None else None, namespace=namespace)
    if deps:
        spec["dependsOn"] = deps
    if target_namespace:
        spec["targetNamespace"] = check_name("target_namespace", target_namespace)
    if service_account_name:
        spec["serviceAccountName"] = check_name("service_account_name", service_account_name)
    return {
        "apiVersion": KUSTOMIZE_API,
        "kind": "Kustomization",
        "metadata": _metadata(name, namespace, labels),
        "spec": spec,
    }


def check_dependencies(objects):
    """Every dependsOn of the HelmReleases/Kustomizations in ``objects`` names an object of the same kind in the list."""
    present = {(o["kind"], o["metadata"]["namespace"], o["metadata"]["name"]) for o in objects}
    for o in objects:
        for i, dep in enumerate(o.get("spec", {}).get("dependsOn", []) or []):
            ns = dep.get("namespace") or o["metadata"]["namespace"]
            if (o["kind"], ns, dep["name"]) not in present:
                known = sorted(key[2] for key in present if key[0] == o["kind"])
                raise _err(
                    f"{o['kind']} {o['metadata']['name']}: dependsOn[{i}].name",
                    dep["name"],
                    f"one of the {o['kind']} names {known}",
                )
    return objects


APP_OF_APPS_DEFAULTS = {
    "namespace": "flux-system",
    "repository_name": "platform",
    "url": None,
    "ref": {"branch": "main"},
    "interval": "5m",
    "secret_name": None,
    "private": False,
    "root_path": "./clusters/local",
    "root_name": "platform-root",
    "platform_services_path": "./platform-services",
    "workloads_path": "./workloads",
    "kustomization_interval": "10m",
    "retry_interval": "2m",
    "timeout": "5m",
    "prune": True,
    "wait": True,
    "health_checks": [],
    "service_account_name": None,
}


def app_of_apps(config):
    """GitRepository + root Kustomization + platform-services + workloads (workloads waits for platform-services).

    ``config`` uses the keys of APP_OF_APPS_DEFAULTS. ``health_checks`` (for platform-services) replace ``wait``.
    """
    unknown = sorted(set(config) - set(APP_OF_APPS_DEFAULTS))
    if unknown:
        raise _err("app_of_apps", unknown, f"only the keys {', '.join(sorted(APP_OF_APPS_DEFAULTS))}")
    c = dict(APP_OF_APPS_DEFAULTS)
    c.update({k: v for k, v in config.items() if v is not None and v != ""})
    ns = c["namespace"]
    repo = git_repository(
        c["repository_name"],
        ns,
        c["url"],
        ref=c["ref"],
        interval=c["interval"],
        secret_ref=c["secret_name"],
        private=c["private"],
    )
    common = dict(
        source_name=c["repository_name"],
        interval=c["kustomization_interval"],
        retry_interval=c["retry_interval"],
        timeout=c["timeout"],
        prune=c["prune"],
        service_account_name=c["service_account_name"],
    )
    root = kustomization(c["root_name"], ns, c["root_path"], wait=c["wait"], **common)
    names = [c["root_name"], "platform-services", "workloads"]
    checks = c["health_checks"] or None
    services = kustomization(
        "platform-services",
        ns,
        c["platform_services_path"],
        depends_on=[c["root_name"]],
        known=names,
        wait=c["wait"] and not checks,
        health_checks=checks,
        **common,
    )
    workloads = kustomization("workloads", ns, c["workloads_path"], depends_on=["platform-services"], known=names, wait=c["wait"], **common)
    return check_dependencies([repo, root, services, workloads])


def parse_version(text):
    """(major, minor, patch) from 'v1.34.1', '1.20.2-eks-1' or a /version dict."""
    if isinstance(text, dict):
        text = text.get("gitVersion") or f"{text.get('major', '0')}.{text.get('minor', '0')}.0"
    m = re.match(r"^v?(\d+)\.(\d+)(?:\.(\d+))?", str(text).strip())
    if not m:
        raise _err("kubernetes_version", text, "a version such as v1.34.1")
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def check_kubernetes_version(server, minimum=FLUX_MIN_KUBERNETES, allow_unsupported=False):
    """Return a warning (or None) when allowed, else raise FluxError for a server older than ``minimum``."""
    have = parse_version(server)
    if have >= tuple(minimum):
        return None
    msg = f"Kubernetes {'.'.join(map(str, have))} is older than {'.'.join(map(str, minimum))}, the minimum Flux {FLUX_VERSION} supports"
    if allow_unsupported:
        return msg + "; continuing because the version check is overridden (test clusters only)"
    raise FluxError(msg + "; upgrade the cluster, or set the override for a test cluster")


def prepare_install(documents, components=COMPONENTS, multi_tenancy=False):
    """Objects of the install manifest for ``components``, with the multi-tenancy flags when asked.

    Drops the Deployments, Services, ServiceAccounts and CRDs of components that are not selected.
    Returns (crds, others).
    """
    components = list(components)
    bad = [c for c in components if c not in COMPONENTS]
    if bad:
        raise _err("components", bad, f"names among {', '.join(COMPONENTS)}")
    for needed in ("source-controller",):
        if needed not in components:
            raise _err("components", components, "source-controller among them (every other controller reads its artifacts)")
    dropped_groups = {COMPONENT_GROUPS[c] for c in COMPONENTS if c not in components}
    dropped_names = {c for c in COMPONENTS if c not in components}
    if "notification-controller" in dropped_names:
        dropped_names.add("webhook-receiver")
    crds, others = [], []
    for doc in documents:
        if not isinstance(doc, dict) or not doc.get("kind"):
            continue
        doc = copy.deepcopy(doc)
        kind, name = doc["kind"], doc.get("metadata", {}).get("name")
        if kind == "CustomResourceDefinition":
            if doc["spec"]["group"] not in dropped_groups:
                crds.append(doc)
            continue
        if kind in ("Deployment", "Service", "ServiceAccount") and name in dropped_names:
            continue
        if kind == "Deployment" and multi_tenancy and name in MULTI_TENANCY_ARGS:
            container = doc["spec"]["template"]["spec"]["containers"][0]
            args = container.setdefault("args", [])
            for flag in MULTI_TENANCY_ARGS[name]:
                key = flag.split("=", 1)[0]
                args[:] = [a for a in args if a.split("=", 1)[0] != key] + [flag]
        others.append(doc)
    return crds, others


def export_layout(groups):
    """Files of a kustomize-ready directory: {relative path: content object or list}.

    ``groups`` maps a sub-directory to a list of objects (or file names the caller writes, such as
    gotk-components.yaml); each sub-directory gets one file per object
    and a kustomization.yaml listing them, and the top-level kustomization.yaml lists the sub-directories.
    """
    files = {}
    for sub in sorted(groups):
        resources = []
        for obj in groups[sub]:
            if isinstance(obj, str):  # a file the caller writes itself, listed as it is
                resources.append(obj)
                continue
            md = obj.get("metadata", {})
            fname = f"{obj['kind'].lower()}-{md.get('name')}.yaml"
            if md.get("namespace") and obj["kind"] != "Namespace":
                fname = f"{obj['kind'].lower()}-{md['namespace']}-{md.get('name')}.yaml"
            files[f"{sub}/{fname}"] = obj
            resources.append(fname)
        files[f"{sub}/kustomization.yaml"] = {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": resources,
        }
    files["kustomization.yaml"] = {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": sorted(groups),
    }
    return files
