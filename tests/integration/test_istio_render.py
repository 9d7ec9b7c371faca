"""Every HelmRelease the istio and cert_manager roles build, for each environment's inventory, rendered through the
real pinned chart with helm v3.19.0 and validated: built-in kinds with kubernetes-validate (strict, Kubernetes 1.34),
custom resources against the Istio and cert-manager CRD schemas (strict). The generated mesh objects are checked
against the same CRD schemas."""

from __future__ import annotations

import os

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents
from ansible_collections.platform.runtime.tests.support.renders import ENVS, istio_releases
from ansible_collections.platform.runtime.tests.support.schemas import validate_custom, validate_k8s

CHARTS = {
    "base": "istio-1.30.3/charts/base",
    "istiod": "istio-1.30.3/charts/istiod",
    "gateway": "istio-1.30.3/charts/gateway",
    "cert-manager": "cert-manager-1.21.1/chart",
}


@pytest.fixture(scope="module")
def crds(upstream_dir):
    return load_documents(os.path.join(upstream_dir, "istio-1.30.3", "crd-all.gen.yaml")) + load_documents(
        os.path.join(upstream_dir, "cert-manager-1.21.1", "cert-manager.crds.yaml")
    )


def test_every_release_renders_with_zero_schema_errors_per_environment(chart_render, crds):
    counts, errors = {}, []
    for env in ENVS:
        rels, _objects = istio_releases(env)
        for rel in rels:
            spec = rel["spec"]
            chart = spec["chart"]["spec"]["chart"]
            rendered = chart_render(CHARTS[chart], spec.get("values") or {}, release=spec["releaseName"], namespace=spec["targetNamespace"])
            assert rendered, (env, chart)
            counts[(chart, env)] = len(rendered)
            errors += [f"{env} {chart}: {e}" for e in validate_k8s(rendered, "1.34", crds=crds)]
            if chart in ("istiod", "gateway"):
                images = [c["image"] for o in rendered if o["kind"] == "Deployment" for c in o["spec"]["template"]["spec"]["containers"]]
                assert all(i.startswith("docker.io/istio/") and i.endswith(":1.30.3") or i == "auto" for i in images), images
    print("\nrendered objects per chart and environment:")
    print(f"{'chart':14}" + "".join(f"{e:>9}" for e in ENVS))
    for chart in ("base", "istiod", "gateway", "cert-manager"):
        print(f"{chart:14}" + "".join(f"{counts[(chart, e)]:>9}" for e in ENVS))
    assert not errors, "\n".join(errors[:40])
    # the presets show in what is rendered: prod's istiod has an HPA 3-10 and a PDB, local's a single replica
    assert counts[("istiod", "prod")] > counts[("istiod", "local")]


def test_rendered_sizing_and_gateway_service(chart_render):
    for env, service_type, hpa in (("local", "ClusterIP", None), ("prod", "LoadBalancer", (3, 10))):
        rels = {r["metadata"]["name"]: r["spec"] for r in istio_releases(env)[0]}
        gw = chart_render(CHARTS["gateway"], rels["istio-ingress"]["values"], release="istio-ingress", namespace="istio-ingress")
        svc = next(o for o in gw if o["kind"] == "Service")
        assert svc["spec"]["type"] == service_type and svc["spec"]["selector"]["istio"] == "ingress"
        istiod_name = next(n for n in rels if n.startswith("istiod"))
        istiod = chart_render(CHARTS["istiod"], rels[istiod_name]["values"], release=istiod_name, namespace="istio-system")
        hpas = [o for o in istiod if o["kind"] == "HorizontalPodAutoscaler"]
        pdbs = [o for o in istiod if o["kind"] == "PodDisruptionBudget"]
        if hpa:
            assert (hpas[0]["spec"]["minReplicas"], hpas[0]["spec"]["maxReplicas"]) == hpa and pdbs
        else:
            assert not hpas and not pdbs
        dep = next(o for o in istiod if o["kind"] == "Deployment")
        env_vars = {e["name"]: e.get("value") for e in dep["spec"]["template"]["spec"]["containers"][0]["env"]}
        assert env_vars["K8S_INGRESS_NS"] == "istio-ingress"


def test_generated_mesh_objects_match_the_crd_schemas(crds):
    for env in ENVS:
        _rels, objects = istio_releases(env)
        assert {"PeerAuthentication", "Telemetry", "Gateway", "ClusterIssuer", "VirtualService", "DestinationRule"} <= {o["kind"] for o in objects}
        assert validate_custom(objects, crds) == [], env
