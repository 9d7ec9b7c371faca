"""Every object the builders and the role render is valid against the Flux 2.9.4 CRD schemas, then applied.

Unknown fields are rejected: ``additionalProperties: false`` is set wherever a schema lists ``properties`` and does
not say ``x-kubernetes-preserve-unknown-fields``, so a misspelt field fails here even though the API server (which
prunes unknown fields silently) would accept it.
"""

from __future__ import annotations

import copy
import os

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import flux
from ansible_collections.platform.runtime.plugins.module_utils.kube import apply_batch, apply_crds
from ansible_collections.platform.runtime.plugins.module_utils.readiness import wait_for
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents
from ansible_collections.platform.runtime.tests.support.schemas import crd_validators, validate_custom

pytestmark = pytest.mark.k8s


@pytest.fixture(scope="module")
def flux_crds(upstream_dir):
    return [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]


@pytest.fixture(scope="module")
def validators(flux_crds):
    return crd_validators(flux_crds)


def validate(validators, obj):
    assert (obj["apiVersion"], obj["kind"]) in validators, f"no Flux CRD defines {obj['apiVersion']} {obj['kind']}"
    return validate_custom([obj], validators)


def rendered(ns):
    repo = flux.helm_repository("istio", ns, "https://istio-release.storage.googleapis.com/charts", timeout="60s")
    oci = flux.helm_repository("podinfo", ns, "oci://ghcr.io/stefanprodan/charts", provider="generic", secret_ref="ghcr-auth")
    base = flux.helm_release("istio-base", ns, "base", "1.30.3", "istio", target_namespace="istio-system", create_namespace=True)
    istiod = flux.helm_release(
        "istiod",
        ns,
        "istiod",
        "1.30.3",
        "istio",
        depends_on=["istio-base"],
        known_releases=["istio-base"],
        values={"autoscaleMin": 2, "pilot": {"resources": {"requests": {"cpu": "100m"}}}},
        values_from=[
            {
                "kind": "Secret",
                "name": "istiod-extra",
                "values_key": "values.yaml",
                "target_path": "meshConfig",
                "optional": True,
            }
        ],
        target_namespace="istio-system",
        release_name="istiod",
        service_account_name="helm-admin",
        max_history=5,
        timeout="10m",
    )
    non_atomic = flux.helm_release("podinfo", ns, "podinfo", "6.7.1", "podinfo", atomic=False, crds="Skip")
    ks = flux.kustomization(
        "apps",
        ns,
        "./apps",
        "platform",
        health_checks=[{"apiVersion": "apps/v1", "kind": "Deployment", "name": "a", "namespace": "b"}],
        target_namespace="apps",
        retry_interval="1m",
        timeout="3m",
    )
    settings = {
        "namespace": ns,
        "url": "ssh://git@git.example.com/platform.git",
        "secret_name": "deploy-key",
        "ref": {"semver": ">=1.0.0"},
    }
    apps = flux.app_of_apps(dict(settings, service_account_name="kustomize-controller"))
    return [repo, oci, base, istiod, non_atomic, ks] + apps


def test_strict_schema_catches_a_misspelt_field(validators):
    obj = flux.helm_release("a", "flux-system", "c", "1.0.0", "r")
    bad = copy.deepcopy(obj)
    bad["spec"]["install"]["remediaton"] = {"retries": 1}
    assert validate(validators, obj) == []
    assert any("remediaton" in e for e in validate(validators, bad))


def test_rendered_objects_match_the_crd_schemas(validators):
    for obj in rendered("flux-system"):
        assert validate(validators, obj) == [], obj


def test_rendered_objects_are_accepted_by_the_api_server(kube, flux_crds, unique):
    results, warnings = apply_crds(kube, flux_crds)
    assert all(r["action"] != "failed" for r in results), results
    assert warnings  # 1.20 needs the compat step
    ns = "schema-" + unique
    objects = [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}] + rendered(ns)
    refs = [{"api_version": c["apiVersion"], "kind": c["kind"], "name": c["metadata"]["name"]} for c in flux_crds]
    assert wait_for(kube, refs, timeout=60, poll_interval=0.5)["ok"]
    kube.forget()
    results = apply_batch(kube, objects)
    assert all(r["action"] == "created" for r in results), [r for r in results if r["action"] != "created"]
    again = apply_batch(kube, objects)
    assert all(r["action"] == "unchanged" for r in again), [r for r in again if r["action"] != "unchanged"]
