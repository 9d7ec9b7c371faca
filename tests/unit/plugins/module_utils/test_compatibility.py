# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The version matrix: each provider's Kubernetes version against every component's range, and the EKS calendar."""

from __future__ import annotations

import datetime
import glob
import os

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import backup, cert_manager, compatibility, flux, kind, monitoring
from ansible_collections.platform.runtime.plugins.module_utils.mesh import builders as mesh

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
TODAY = datetime.date(2026, 12, 7)
ALL = ["flux", "cert_manager", "istio", "gatekeeper", "monitoring", "backup"]


def check(**settings):
    settings.setdefault("platform_components", ALL)
    return compatibility.matrix_check(settings, TODAY)


def defaults(role):
    with open(os.path.join(ROOT, "roles", role, "defaults", "main.yml")) as f:
        return yaml.safe_load(f)


def inventory(name):
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "inventories", name, "group_vars", "all", "*.yml"))):
        with open(path) as f:
            out.update(yaml.safe_load(f) or {})
    return out


def test_eks_1_31_is_refused_with_the_flux_range_and_the_end_of_extended_support():
    errors, _warnings = check(platform_cluster_provider="eks", eks_cluster_version="1.31")
    text = "; ".join(errors)
    assert "eks_cluster_version='1.31': Flux 2.9.4 (flux) supports Kubernetes 1.34.1 to 1.36.x" in text
    assert "Flux v2.9.0 release notes" in text
    assert "EKS ended extended support for 1.31 on 2026-11-26" in text
    assert "cert-manager 1.21.1 (cert_manager) supports Kubernetes 1.33 to 1.36.x" in text


def test_eks_1_35_fits_everything_without_warnings():
    assert check(platform_cluster_provider="eks", eks_cluster_version="1.35") == ([], [])


def test_eks_in_extended_support_warns_and_past_it_needs_the_override():
    errors, warnings = check(platform_cluster_provider="eks", eks_cluster_version="1.34")
    assert errors == []
    assert warnings == [
        "eks_cluster_version='1.34': EKS 1.34 left standard support on 2026-12-02 and is in extended support (billed extra) until 2027-12-02; plan the upgrade"
    ]
    past = datetime.date(2027, 12, 3)
    later = compatibility.matrix_check({"platform_cluster_provider": "eks", "eks_cluster_version": "1.34", "platform_components": []}, past)
    assert "EKS ended extended support for 1.34 on 2027-12-02" in later[0][0] and "expected a version in standard support" in later[0][0]
    allowed = compatibility.matrix_check(
        {"platform_cluster_provider": "eks", "eks_cluster_version": "1.34", "eks_allow_unsupported_version": True, "platform_components": []},
        datetime.date(2027, 12, 3),
    )
    assert allowed[0] == [] and "continuing because eks_allow_unsupported_version is true" in allowed[1][0]


def test_an_eks_version_missing_from_the_table_is_refused():
    errors, _warnings = check(platform_cluster_provider="eks", eks_cluster_version="1.36")
    assert errors == [
        "eks_cluster_version='1.36': expected a version in the EKS support table (1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35);"
        " add its support dates, or set eks_allow_unsupported_version: true"
    ]


@pytest.mark.parametrize(
    "settings, expected",
    [
        ({"kind_cluster_kubernetes_version": ""}, "kind_cluster_kubernetes_version='' (the default node image of kind v0.33.0: Kubernetes 1.37.0): Flux 2.9.4"),
        ({"kind_cluster_kubernetes_version": "", "kind_cluster_release": "v0.31.0"}, None),
        ({"kind_cluster_kubernetes_version": "1.33"}, "kind_cluster_kubernetes_version='1.33': Flux 2.9.4 (flux) supports Kubernetes 1.34.1 to 1.36.x"),
        ({"kind_cluster_node_image": "kindest/node:v1.34.0@sha256:abc"}, "kind_cluster_node_image='kindest/node:v1.34.0@sha256:abc': Flux 2.9.4"),
        ({"kind_cluster_node_image": "kindest/node:v1.35.8"}, None),
        ({}, None),
    ],
)
def test_kind_reads_the_node_image_or_the_version_or_the_release_default(settings, expected):
    errors, _warnings = check(platform_cluster_provider="kind", **settings)
    if expected is None:
        assert errors == []
    else:
        assert any(expected in e for e in errors), errors


def test_the_local_control_plane_fails_unless_its_override_is_set_and_then_warns():
    errors, _warnings = check(platform_cluster_provider="envtest")
    # Velero states 1.18 and newer: 1.20.2 is inside; the other five are not.
    assert len(errors) == 5 and not any("Velero" in e for e in errors)
    assert errors[0].startswith("envtest_cluster_version='1.20.2': Flux 2.9.4 (flux) supports Kubernetes 1.34.1 to 1.36.x")
    errors, warnings = check(platform_cluster_provider="envtest", platform_allow_unsupported_kubernetes=True)
    assert errors == [] and len(warnings) == 5
    assert all("continuing because platform_allow_unsupported_kubernetes is true" in w for w in warnings)


def test_the_override_is_refused_outside_the_local_control_plane():
    errors, _warnings = check(platform_cluster_provider="eks", eks_cluster_version="1.31", platform_allow_unsupported_kubernetes=True)
    assert any(e.startswith("platform_allow_unsupported_kubernetes=True: expected false outside the local control plane") for e in errors)
    assert any("Flux 2.9.4" in e for e in errors)


@pytest.mark.parametrize(
    "settings, expected",
    [
        ({"cert_manager_version": "1.22.0"}, "cert_manager_version='1.22.0': expected a version of cert-manager that the support matrix records (1.21)"),
        (
            {"istio_revisions": [{"name": "1-31-0", "version": "1.31.0"}]},
            "istio_revisions[0].version='1.31.0': expected a version of Istio that the support matrix records (1.30)",
        ),
        ({"monitoring_settings": {"chart_version": "89.0.0"}}, "monitoring_settings.chart_version='89.0.0'"),
        ({"eks_cluster_version": "latest"}, "eks_cluster_version='latest': expected a Kubernetes version such as 1.35 or 1.35.8"),
        ({"eks_allow_unsupported_version": "yes"}, "eks_allow_unsupported_version='yes': expected true or false"),
    ],
)
def test_each_bad_value_is_named(settings, expected):
    settings = dict({"platform_cluster_provider": "eks", "eks_cluster_version": "1.35"}, **settings)
    errors, _warnings = check(**settings)
    assert any(expected in e for e in errors), errors


def test_only_listed_components_are_checked():
    assert check(platform_cluster_provider="eks", eks_cluster_version="1.31", platform_components=[])[0] == [
        "eks_cluster_version='1.31': EKS ended extended support for 1.31 on 2026-11-26 and upgrades such clusters itself;"
        " expected a version in standard support (1.35), or eks_allow_unsupported_version: true"
    ]


@pytest.mark.parametrize(
    "version, minimum, maximum, inside",
    [
        ((1, 34), (1, 34, 1), (1, 36), True),  # an EKS minor runs its current patch
        ((1, 34, 0), (1, 34, 1), (1, 36), False),
        ((1, 36, 9), (1, 34, 1), (1, 36), True),
        ((1, 37, 0), (1, 34, 1), (1, 36), False),
        ((1, 40), (1, 25), None, True),
    ],
)
def test_range_bounds(version, minimum, maximum, inside):
    assert compatibility.in_range(version, minimum, maximum) is inside


# -- the defaults stay inside the matrix ------------------------------------------------------------------------
def test_the_rows_pin_what_the_roles_and_builders_pin():
    rows = {r["component"]: r["default"] for r in compatibility.KUBERNETES_SUPPORT}
    assert rows["flux"] == flux.FLUX_VERSION == defaults("flux")["flux_version"]
    assert rows["cert_manager"] == cert_manager.CHART_VERSION == defaults("cert_manager")["cert_manager_version"]
    assert rows["istio"] == mesh.ISTIO_VERSION == defaults("istio")["istio_version"]
    assert rows["gatekeeper"] == defaults("gatekeeper")["gatekeeper_chart_version"]
    assert rows["monitoring"] == monitoring.CHART_VERSION
    assert rows["backup"] == backup.VELERO_CHART_VERSION
    assert tuple(compatibility.support_row("flux", flux.FLUX_VERSION)["minimum"]) == flux.FLUX_MIN_KUBERNETES


def test_the_version_defaults_are_the_roles():
    assert compatibility.EKS_DEFAULT_VERSION == defaults("eks_cluster")["eks_cluster_version"]
    assert compatibility.KIND_DEFAULT_VERSION == defaults("kind_cluster")["kind_cluster_kubernetes_version"]
    assert compatibility.ENVTEST_DEFAULT_VERSION == defaults("envtest_cluster")["envtest_cluster_version"]
    assert compatibility.KIND_DEFAULT_RELEASE == kind.DEFAULT_KIND_RELEASE
    assert compatibility.KIND_RELEASE_DEFAULTS == kind.DEFAULT_VERSIONS


@pytest.mark.parametrize("provider", ["eks", "kind"])
def test_each_role_default_is_inside_the_matrix_today(provider):
    assert check(platform_cluster_provider=provider) == ([], [])


@pytest.mark.parametrize("name", ["dev", "staging", "prod", "local", "local-multi"])
def test_each_inventory_is_inside_the_matrix_today(name):
    inv = inventory(name)
    errors, warnings = compatibility.matrix_check(inv, TODAY)
    assert errors == []
    if inv["platform_cluster_provider"] != "envtest":
        assert warnings == []


def test_the_default_eks_version_is_in_standard_support_today():
    standard, _extended = compatibility.EKS_SUPPORT[compatibility.EKS_DEFAULT_VERSION]
    assert TODAY <= standard
