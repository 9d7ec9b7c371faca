# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The test harness's own tools: helm renders a pinned chart and the schema checks catch what they must."""

from __future__ import annotations

import os

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents
from ansible_collections.platform.runtime.tests.support import helm, schemas


def test_helm_renders_the_gateway_chart_and_schemas_pass(chart_render):
    objects = chart_render("istio-1.30.3/charts/gateway", {"service": {"type": "ClusterIP"}}, release="istio-ingress", namespace="istio-ingress")
    kinds = sorted(o["kind"] for o in objects)
    assert "Deployment" in kinds and "Service" in kinds
    assert [o["spec"]["type"] for o in objects if o["kind"] == "Service"] == ["ClusterIP"]
    assert schemas.validate_k8s(objects, "1.34") == []


def test_helm_render_error_names_the_chart(upstream_dir, tmp_path):
    chart = os.path.join(upstream_dir, "istio-1.30.3", "charts", "gateway")
    with pytest.raises(helm.HelmError, match="(?s)helm template .*gateway failed: .*service/type"):
        helm.render(chart, {"service": {"type": 7}})


def test_validate_k8s_strict_rejects_unknown_fields_and_unknown_kinds():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "x", "imagePort": 1}]}}
    errors = schemas.validate_k8s([pod], "1.34")
    assert len(errors) == 1 and errors[0].startswith("Pod p:") and "imagePort" in errors[0]
    assert schemas.validate_k8s([{"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "t"}}])[0].endswith(
        "no schema for example.com/v1 Thing in Kubernetes 1.34 or the given CRDs"
    )


def test_validate_custom_rejects_misspelt_field(upstream_dir):
    crds = [d for d in load_documents(os.path.join(upstream_dir, "istio-1.30.3", "crd-all.gen.yaml")) if d["kind"] == "CustomResourceDefinition"]
    good = {
        "apiVersion": "security.istio.io/v1",
        "kind": "PeerAuthentication",
        "metadata": {"name": "d", "namespace": "n"},
        "spec": {"mtls": {"mode": "STRICT"}},
    }
    bad = {**good, "spec": {"mtls": {"mod": "STRICT"}}}
    assert schemas.validate_k8s([good], crds=crds) == []
    errors = schemas.validate_k8s([bad], crds=crds)
    assert len(errors) == 1 and "PeerAuthentication n/d: spec/mtls" in errors[0] and "mod" in errors[0]
