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


PROD = dict(
    GOOD,
    platform_environment="prod",
    platform_cluster_provider="eks",
    istio_gateway={"hosts": ["payments.platform.example.com"], "credential_name": "platform-ingress-tls"},
    region_gateway_hosts=["payments.platform.example.com"],
    global_dns_zone="example.com",
    global_dns_hosts=["payments.platform.example.com"],
    platform_teams=[{"name": "payments", "services": [{"name": "api", "traffic": {"hosts": ["payments.platform.example.com"]}}]}],
)


def test_dns_gateway_and_certificate_agree():
    assert site.inventory_errors(PROD) == []


@pytest.mark.parametrize(
    "override, expected",
    [
        (
            {"global_dns_hosts": ["pay.example.com"]},
            "global_dns_hosts[0]='pay.example.com': expected a host some region's ingress Gateway serves (istio_gateway_hosts: payments.platform.example.com)",
        ),
        (
            {"gateway_certificate": False},
            "istio_gateway_hosts[0]='payments.platform.example.com': expected a Certificate for it: istio_certificate_enabled is false",
        ),
        (
            {"platform_teams": [{"name": "payments", "services": [{"name": "api", "traffic": {"hosts": ["pay.platform.example.com"]}}]}]},
            "platform_teams[payments].services[api].traffic.hosts[0]='pay.platform.example.com': expected a host the ingress Gateway serves",
        ),
    ],
)
def test_a_public_name_no_gateway_serves_or_no_certificate_covers_is_refused(override, expected):
    errors = site.inventory_errors(dict(PROD, **override))
    assert any(expected in e for e in errors), errors


def test_another_regions_gateway_counts_and_no_zone_means_no_dns_check():
    other = dict(PROD, istio_gateway={"hosts": [], "credential_name": "x"}, platform_teams=[])
    assert site.inventory_errors(dict(other, region_gateway_hosts=["payments.platform.example.com"])) == []
    assert site.inventory_errors(dict(other, region_gateway_hosts=[], global_dns_zone="")) == []


@pytest.mark.parametrize(
    "url, placeholder",
    [
        ("", True),
        ("ssh://git@git.example.com/platform/platform.git", True),
        ("git@git.example.org:platform/platform.git", True),
        ("https://git.invalid/x.git", True),
        ("ssh://git@github.com/acme/platform.git", False),
        ("git@gitlab.acme.internal:platform/platform.git", False),
    ],
)
def test_placeholder_urls(url, placeholder):
    assert site.is_placeholder_url(url) is placeholder


RUN = {
    "platform_environment": "staging",
    "platform_components": ["flux", "monitoring", "backup"],
    "flux_app_of_apps_enabled": True,
    "flux_git_url": "ssh://git@github.com/acme/platform.git",
    "monitoring_alerting": {"receivers": [{"name": "platform-slack", "slack": {"channel": "#a"}}], "default_receiver": "platform-slack"},
    "monitoring_receiver_secrets": {"platform-slack-slack-url": "x"},
    "backup_settings": {"bucket": {"name": "b"}},
}


def test_values_that_work_pass():
    assert site.run_checks(RUN) == ([], [])


@pytest.mark.parametrize(
    "override, expected",
    [
        ({"flux_git_url": "ssh://git@git.example.com/p.git"}, "flux_git_url='ssh://git@git.example.com/p.git': expected the URL of your platform repository"),
        ({"flux_git_url": ""}, "flux_git_url='': expected the URL of your platform repository"),
        ({"monitoring_receiver_secrets": {}}, "monitoring_receiver_secrets: receiver platform-slack has no value for platform-slack-slack-url; expected"),
        ({"backup_settings": {"bucket": {}}}, "backup_settings.bucket.name=None: expected the bucket Velero writes to"),
        ({"backup_settings": {"bucket": {"name": "b", "s3_url": "http://minio:9000"}}}, "backup_settings.credentials_secret=None: expected a Secret"),
    ],
)
def test_values_that_cannot_work_fail_by_name(override, expected):
    errors, _warnings = site.run_checks(dict(RUN, **override))
    assert any(expected in e for e in errors), errors


def test_no_controllers_no_app_of_apps_or_the_fallback_turn_errors_off():
    assert site.run_checks(dict(RUN, flux_git_url="", platform_controllers_running=False)) == ([], [])
    assert site.run_checks(dict(RUN, flux_git_url="", flux_app_of_apps_enabled=False)) == ([], [])
    errors, warnings = site.run_checks(dict(RUN, monitoring_receiver_secrets={}, monitoring_receiver_fallback=True))
    assert errors == [] and warnings == [
        "receiver platform-slack has no value for platform-slack-slack-url; its alerts go to the null receiver (nothing is sent)"
        " (monitoring_receiver_fallback: true)"
    ]


def test_autoscaling_needs_flux():
    errors = site.inventory_errors(dict(GOOD, platform_components=["autoscaling"]))
    assert any("flux as well: autoscaling is installed as Flux HelmReleases" in e for e in errors), errors
