# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The version matrix that site.yml checks before any AWS call or cluster change.

Pure: ``matrix_check(settings, today)`` takes the inventory's values and returns ``(errors, warnings)``.

- ``KUBERNETES_SUPPORT`` has one row per component and pinned version: the Kubernetes range the project itself
  states, with where it says so. A component added to the platform adds one row.
- ``EKS_SUPPORT`` has the end of standard and of extended support of each EKS version (Amazon's calendar).

The Kubernetes version each environment runs comes from the provider: ``eks_cluster_version``, the kind node
image's version, or the local control plane's ``envtest_cluster_version``.
"""

from __future__ import annotations

import datetime
import re

from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors

# Role defaults of the variables the matrix reads; a unit test keeps them equal to roles/*/defaults/main.yml.
EKS_DEFAULT_VERSION = "1.35"
KIND_DEFAULT_VERSION = "1.35"
ENVTEST_DEFAULT_VERSION = "1.20.2"
# kind_cluster_kubernetes_version "" means the default of the kind release (kind.DEFAULT_VERSIONS); this one
# is the release the collection's node-image table knows best (kind.DEFAULT_KIND_RELEASE).
KIND_RELEASE_DEFAULTS = {"v0.33.0": "1.37.0", "v0.32.0": "1.36.1", "v0.31.0": "1.35.0"}
KIND_DEFAULT_RELEASE = "v0.33.0"

_FLUX = "Flux v2.9.0 release notes, 'Kubernetes compatibility' (https://github.com/fluxcd/flux2/releases/tag/v2.9.0): 1.34 >= 1.34.1, 1.35, 1.36"
_CERT_MANAGER = "cert-manager supported releases, row 1.21, 'Supported Kubernetes versions' 1.33 -> 1.36 (https://cert-manager.io/docs/releases/)"
_ISTIO = "Istio supported releases, row 1.30, 'Supported Kubernetes Versions' 1.32 to 1.36 (https://istio.io/latest/docs/releases/supported-releases/)"
_GATEKEEPER = (
    "Gatekeeper docs/Release_Management.md, 'Supported Kubernetes Versions': the minor versions upstream Kubernetes supports"
    " at the release; 3.23.0 was released on 2026-07-09, when they were 1.34, 1.35 and 1.36"
    " (https://github.com/open-policy-agent/gatekeeper/blob/master/docs/Release_Management.md)"
)
_KPS = (
    "kube-prometheus-stack 88.5.3 Chart.yaml 'kubeVersion: >=1.25.0-0' (prometheus-community/helm-charts, tag kube-prometheus-stack-88.5.3);"
    " no upper bound is stated"
)
_VELERO = (
    "Velero README, 'Velero compatibility matrix' (https://github.com/vmware-tanzu/velero#velero-compatibility-matrix):"
    " 'Expected Kubernetes version compatibility' 1.18-latest; chart velero-12.1.0 (Velero 1.18.1) states kubeVersion >=1.16.0-0"
)

# One row per component and pinned version:
#   component: the platform_components name;
#   product: how the project calls itself in messages;
#   version: the pinned version ("2.9" matches every 2.9.x);
#   variable: the inventory variable that pins another version (and its default, the pinned one);
#   minimum, maximum: the Kubernetes range, inclusive; a (major, minor) bound covers every patch; None is open;
#   source: where the project states it.
KUBERNETES_SUPPORT = (
    {"component": "flux", "product": "Flux", "version": "2.9", "variable": "flux_version", "default": "2.9.4",
     "minimum": (1, 34, 1), "maximum": (1, 36), "source": _FLUX},
    {"component": "cert_manager", "product": "cert-manager", "version": "1.21", "variable": "cert_manager_version", "default": "1.21.1",
     "minimum": (1, 33), "maximum": (1, 36), "source": _CERT_MANAGER},
    {"component": "istio", "product": "Istio", "version": "1.30", "variable": "istio_version", "default": "1.30.3",
     "minimum": (1, 32), "maximum": (1, 36), "source": _ISTIO},
    {"component": "gatekeeper", "product": "Gatekeeper", "version": "3.23", "variable": "gatekeeper_chart_version", "default": "3.23.0",
     "minimum": (1, 34), "maximum": (1, 36), "source": _GATEKEEPER},
    {"component": "monitoring", "product": "kube-prometheus-stack", "version": "88.5.3", "variable": "monitoring_settings.chart_version",
     "default": "88.5.3", "minimum": (1, 25), "maximum": None, "source": _KPS},
    {"component": "backup", "product": "Velero (chart velero)", "version": "12.1.0", "variable": "backup_settings.chart_version",
     "default": "12.1.0", "minimum": (1, 18), "maximum": None, "source": _VELERO},
)  # fmt: skip

# Amazon EKS Kubernetes version calendar: (end of standard support, end of extended support).
# Source: "Understand the Kubernetes version lifecycle on EKS", release calendar
# (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), as tabled by https://endoflife.date/amazon-eks.
# Standard support lasts 14 months from the EKS release, extended support 12 more; past it EKS upgrades the cluster.
EKS_SUPPORT = {
    "1.29": (datetime.date(2025, 3, 23), datetime.date(2026, 3, 23)),
    "1.30": (datetime.date(2025, 7, 23), datetime.date(2026, 7, 23)),
    "1.31": (datetime.date(2025, 11, 26), datetime.date(2026, 11, 26)),
    "1.32": (datetime.date(2026, 3, 23), datetime.date(2027, 3, 23)),
    "1.33": (datetime.date(2026, 7, 29), datetime.date(2027, 7, 29)),
    "1.34": (datetime.date(2026, 12, 2), datetime.date(2027, 12, 2)),
    "1.35": (datetime.date(2027, 3, 27), datetime.date(2028, 3, 27)),
}

_VERSION_RE = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$")
_IMAGE_TAG_RE = re.compile(r":v(\d+\.\d+(?:\.\d+)?)")


def parse(text):
    """(major, minor) or (major, minor, patch) from '1.35', 'v1.34.1' or '1.20.2-eks-1'; None when it is not one."""
    m = _VERSION_RE.match(str(text).strip()) if text not in (None, "") else None
    if not m:
        return None
    parts = [int(m.group(1)), int(m.group(2))]
    if m.group(3) is not None:
        parts.append(int(m.group(3)))
    return tuple(parts)


def show(version):
    return ".".join(str(p) for p in version)


def in_range(version, minimum, maximum):
    """Whether ``version`` is in [minimum, maximum]. A MAJOR.MINOR version (EKS) runs that minor's current patch."""
    if minimum is not None:
        if len(version) == 2 or len(minimum) == 2:
            if version[:2] < minimum[:2]:
                return False
        elif version < minimum:
            return False
    return maximum is None or version[:2] <= maximum[:2]


def range_text(row):
    low = show(row["minimum"]) if row["minimum"] else "any"
    high = (show(row["maximum"]) + ".x") if row["maximum"] else "newer"
    return f"Kubernetes {low} to {high}"


def kubernetes_version(s):
    """(variable, value, parsed version, note) of the Kubernetes version the provider will run; parsed None when unknown."""
    provider = s.get("platform_cluster_provider")
    if provider == "eks":
        value = s.get("eks_cluster_version") or EKS_DEFAULT_VERSION
        return "eks_cluster_version", value, parse(value), ""
    if provider == "kind":
        image = s.get("kind_cluster_node_image") or ""
        if image:
            m = _IMAGE_TAG_RE.search(image)
            return "kind_cluster_node_image", image, parse(m.group(1)) if m else None, ""
        value = s.get("kind_cluster_kubernetes_version")
        value = KIND_DEFAULT_VERSION if value is None else value
        if value == "":
            release = s.get("kind_cluster_release") or KIND_DEFAULT_RELEASE
            default = KIND_RELEASE_DEFAULTS.get(release)
            note = f" (the default node image of kind {release}: Kubernetes {default})" if default else ""
            return "kind_cluster_kubernetes_version", value, parse(default) if default else None, note
        return "kind_cluster_kubernetes_version", value, parse(value), ""
    if provider == "envtest":
        value = s.get("envtest_cluster_version") or ENVTEST_DEFAULT_VERSION
        return "envtest_cluster_version", value, parse(value), ""
    return None, None, None, ""


def _lookup(settings, dotted):
    value = settings
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def pinned_versions(settings, row):
    """[(variable, version)] of a component: its pinned version, and every Istio revision's."""
    out = [(row["variable"], str(_lookup(settings, row["variable"]) or row["default"]))]
    if row["component"] == "istio":
        for i, rev in enumerate(settings.get("istio_revisions") or []):
            if isinstance(rev, dict) and rev.get("version"):
                out.append((f"istio_revisions[{i}].version", str(rev["version"])))
    return out


def support_row(component, version, table=KUBERNETES_SUPPORT):
    for row in table:
        if row["component"] == component and (version == row["version"] or version.lstrip("v").startswith(row["version"] + ".")):
            return row
    return None


def component_errors(s, variable, value, version, note, errs, warnings, table=KUBERNETES_SUPPORT):
    relaxed = bool(s.get("platform_allow_unsupported_kubernetes")) and s.get("platform_cluster_provider") == "envtest"
    components = s.get("platform_components", ["flux"]) or []
    for component in components:
        rows = [r for r in table if r["component"] == component]
        if not rows:
            continue
        for pin_var, pinned in pinned_versions(s, rows[0]):
            row = support_row(component, pinned, table)
            if row is None:
                known = ", ".join(r["version"] for r in rows)
                expected = f"a version of {rows[0]['product']} that the support matrix records ({known})"
                errs.add(pin_var, pinned, expected + "; add its row to KUBERNETES_SUPPORT with the range the project states")
                continue
            if in_range(version, row["minimum"], row["maximum"]):
                continue
            msg = f"{variable}={value!r}{note}: {row['product']} {pinned} ({component}) supports {range_text(row)} ({row['source']})"
            if relaxed:
                warnings.append(msg + "; continuing because platform_allow_unsupported_kubernetes is true (local test control plane)")
            else:
                errs.messages.append(msg + "; choose a Kubernetes version in that range, or a component version that supports it")


def eks_errors(s, value, version, today, errs, warnings):
    key = show(version[:2])
    allow = bool(s.get("eks_allow_unsupported_version"))
    dates = EKS_SUPPORT.get(key)
    if dates is None:
        if not allow:
            expected = f"a version in the EKS support table ({', '.join(EKS_SUPPORT)})"
            errs.add("eks_cluster_version", value, expected + "; add its support dates, or set eks_allow_unsupported_version: true")
        return
    standard, extended = dates
    if today > extended:
        msg = f"eks_cluster_version={value!r}: EKS ended extended support for {key} on {extended.isoformat()} and upgrades such clusters itself"
        if allow:
            warnings.append(msg + "; continuing because eks_allow_unsupported_version is true")
        else:
            newer = [v for v, (_std, _ext) in EKS_SUPPORT.items() if today <= _std]
            errs.messages.append(msg + f"; expected a version in standard support ({', '.join(newer)}), or eks_allow_unsupported_version: true")
    elif today > standard:
        warnings.append(
            f"eks_cluster_version={value!r}: EKS {key} left standard support on {standard.isoformat()} and is in extended support"
            f" (billed extra) until {extended.isoformat()}; plan the upgrade"
        )


def matrix_check(settings, today=None, table=KUBERNETES_SUPPORT):
    """(errors, warnings) of the Kubernetes version the environment runs against every component's pinned version."""
    s = settings or {}
    today = today or datetime.date.today()
    errs = Errors()
    warnings = []
    variable, value, version, note = kubernetes_version(s)
    if variable is None:
        return errs.messages, warnings
    if version is None:
        errs.add(variable, value, "a Kubernetes version such as 1.35 or 1.35.8")
        return errs.messages, warnings
    if s.get("platform_cluster_provider") == "eks":
        eks_errors(s, value, version, today, errs, warnings)
    for flag in ("platform_allow_unsupported_kubernetes", "eks_allow_unsupported_version"):
        errs.require(isinstance(s.get(flag, False), bool), flag, s.get(flag), "true or false")
    if s.get("platform_allow_unsupported_kubernetes") is True and s.get("platform_cluster_provider") != "envtest":
        errs.add("platform_allow_unsupported_kubernetes", True, "false outside the local control plane (envtest): real clusters run a supported version")
    component_errors(s, variable, value, version, note, errs, warnings, table)
    return errs.messages, warnings
