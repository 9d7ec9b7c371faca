from __future__ import annotations

import os

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.platform.runtime.plugins.filter.flux import FilterModule

F = FilterModule().filters()


def test_all_filters_registered():
    assert set(F) == {
        "flux_git_repository",
        "flux_helm_repository",
        "flux_helm_release",
        "flux_kustomization",
        "flux_app_of_apps",
        "flux_check_dependencies",
        "flux_export_layout",
        "flux_ref",
        "helm_values_check",
    }


def test_helm_release_filter_error_names_filter_and_field():
    with pytest.raises(AnsibleFilterError) as e:
        F["flux_helm_release"]({"name": "a", "namespace": "b", "chart": "c", "version": "latest", "source_name": "r"})
    assert "flux_helm_release a: version='latest'" in str(e.value)


def test_unknown_option_is_reported():
    with pytest.raises(AnsibleFilterError, match="unexpected keyword"):
        F["flux_kustomization"]({"name": "a", "namespace": "b", "path": "./x", "source_name": "r", "prunee": True})


def test_not_a_mapping():
    with pytest.raises(AnsibleFilterError, match="expected a mapping"):
        F["flux_git_repository"]("https://x/y")


def test_values_check(upstream_dir):
    path = os.path.join(upstream_dir, "istio-1.30.3", "istiod", "values.yaml")
    assert F["helm_values_check"]({"autoscaleMin": 2}, path) == {"autoscaleMin": 2}
    with pytest.raises(AnsibleFilterError, match="did you mean 'pilot.resources'"):
        F["helm_values_check"]({"pilot": {"resoures": {}}}, path, aliases={"pilot": ""})
    with pytest.raises(AnsibleFilterError, match="cannot be read"):
        F["helm_values_check"]({}, path + ".missing")


def test_flux_ref():
    obj = F["flux_kustomization"]({"name": "a", "namespace": "flux-system", "path": "./x", "source_name": "r"})
    assert F["flux_ref"](obj) == {
        "api_version": "kustomize.toolkit.fluxcd.io/v1",
        "kind": "Kustomization",
        "name": "a",
        "namespace": "flux-system",
    }
    with pytest.raises(AnsibleFilterError, match="flux_ref"):
        F["flux_ref"]({"kind": "x"})
