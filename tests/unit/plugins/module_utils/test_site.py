from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import site

GOOD = {
    "platform_environment": "local",
    "platform_cluster_provider": "envtest",
    "platform_components": ["flux", "cert_manager", "istio", "gatekeeper", "monitoring", "backup"],
    "platform_controllers_running": False,
    "platform_teams": [{"name": "backend"}],
}


def test_a_good_inventory_has_no_errors():
    assert site.inventory_errors(GOOD) == []


@pytest.mark.parametrize(
    "override, expected",
    [
        ({"platform_environment": "qa"}, "platform_environment='qa': expected one of dev, staging, prod, local"),
        ({"platform_cluster_provider": "gke"}, "platform_cluster_provider='gke': expected one of kind, eks, envtest"),
        ({"platform_cluster_state": "gone"}, "platform_cluster_state='gone': expected present or absent"),
        ({"platform_components": ["flux", "linkerd"]}, "platform_components[1]='linkerd': expected one of flux, autoscaling, cert_manager"),
        ({"platform_components": ["flux", "istio", "istio"]}, "platform_components[2]='istio': expected each component once"),
        ({"platform_components": ["istio"]}, "expected flux as well: istio is installed as Flux HelmReleases"),
        ({"platform_components": "flux"}, "platform_components='flux': expected a list of component names"),
        ({"platform_controllers_running": "no"}, "platform_controllers_running='no': expected true or false"),
        ({"platform_namespaces": {"mesh": "x"}}, "platform_namespaces.mesh='x': expected keys among flux"),
        ({"platform_namespaces": {"istio": "Istio_System"}}, "platform_namespaces.istio='Istio_System': expected a DNS-1123 label"),
        ({"platform_teams": [{"owners": []}]}, "platform_teams=[{'owners': []}]: expected a list of mappings that each have a name"),
    ],
)
def test_each_bad_value_is_named_with_what_is_expected(override, expected):
    errors = site.inventory_errors(dict(GOOD, **override))
    assert any(expected in e for e in errors), errors


def test_a_tls_gateway_without_cert_manager_is_refused():
    inv = dict(GOOD, platform_components=["flux", "istio"], istio_gateway={"hosts": ["pay.example.com"], "credential_name": "pay-tls"})
    (err,) = site.inventory_errors(inv)
    assert err.startswith("istio_gateway.credential_name='pay-tls': expected cert_manager in platform_components")
    assert "pay.example.com" in err


def test_istio_without_cert_manager_is_fine_without_tls_hosts():
    assert site.inventory_errors(dict(GOOD, platform_components=["flux", "istio"], istio_gateway={"hosts": [], "credential_name": "x"})) == []
    assert site.inventory_errors(dict(GOOD, platform_components=["flux", "istio"])) == []


def test_a_tls_gateway_with_cert_manager_is_fine():
    inv = dict(GOOD, istio_gateway={"hosts": ["pay.example.com"], "credential_name": "pay-tls"})
    assert site.inventory_errors(inv) == []


def test_custom_environment_and_provider_lists():
    inv = dict(GOOD, platform_environment="qa")
    assert site.inventory_errors(inv, environments=["qa"]) == []


def test_autoscaling_needs_flux():
    errors = site.inventory_errors(dict(GOOD, platform_components=["autoscaling"]))
    assert any("flux as well: autoscaling is installed as Flux HelmReleases" in e for e in errors), errors
