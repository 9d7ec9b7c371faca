# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""metrics-server 3.13.1 and cluster-autoscaler 9.59.0 rendered with the real helm from each environment's plan.

Every rendered object and every object the role applies passes kubernetes-validate (strict, Kubernetes 1.34) or, for
Flux's kinds, the CRD's schema made strict. The rendered objects are also checked for what the role relies on: the
autoscaler discovers the cluster's groups by the tags eks_nodegroup sets, runs the image of the cluster's minor as the
service account Pod Identity maps to the IAM role; metrics-server skips kubelet TLS verification only on kind.
"""

from __future__ import annotations

import collections
import os

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import autoscaling, flux, helm_values
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents
from ansible_collections.platform.runtime.tests.support.observability import inventory_vars
from ansible_collections.platform.runtime.tests.support.schemas import validate_k8s

MS = "metrics-server-3.13.1/chart"
CA = "cluster-autoscaler-9.59.0/chart"
pytestmark = pytest.mark.upstream
# (inventory, host whose host_vars apply): dev is kind, staging and prod are EKS.
ENVIRONMENTS = (("local", None), ("dev", None), ("staging", None), ("prod", "prod-use1"))


def plan_for(env, host):
    v = inventory_vars(env)
    if host:
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "inventories", env, "host_vars", host + ".yml")) as f:
            v.update(yaml.safe_load(f))
    return autoscaling.plan(
        {
            "environment": v["platform_environment"],
            "provider": v["platform_cluster_provider"],
            "cluster_name": v.get("eks_cluster_name", ""),
            "cluster_version": str(v.get("eks_cluster_version", "")),
            "region": v.get("eks_cluster_region", ""),
            "settings": v.get("autoscaling_settings") or {},
        }
    )


@pytest.fixture(scope="module")
def crds(upstream_dir):
    return [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]


@pytest.fixture(scope="module", params=ENVIRONMENTS, ids=[e for e, _h in ENVIRONMENTS])
def rendered(request, chart_render):
    env, host = request.param
    p = plan_for(env, host)
    ns = p["settings"]["namespace"]
    ms = chart_render(MS, p["metrics_server"]["values"], release="metrics-server", namespace=ns) if p["metrics_server"]["enabled"] else []
    ca = chart_render(CA, p["cluster_autoscaler"]["values"], release="cluster-autoscaler", namespace=ns) if p["cluster_autoscaler"]["enabled"] else []
    return env, p, ms, ca


def _own(p):
    ns, out = p["settings"]["namespace"], []
    for key, chart, repo, url in (
        ("metrics_server", "metrics-server", "metrics-server", "https://kubernetes-sigs.github.io/metrics-server/"),
        ("cluster_autoscaler", "cluster-autoscaler", "autoscaler", "https://kubernetes.github.io/autoscaler"),
    ):
        if p[key]["enabled"]:
            s = p["settings"][key]
            out.append(flux.helm_repository(repo, ns, url))
            out.append(flux.helm_release(s["release_name"], ns, chart, s["chart_version"], repo, values=p[key]["values"]))
    return out


def test_which_cluster_gets_what(rendered):
    env, p, ms, ca = rendered
    assert p["metrics_server"]["enabled"] is (env != "local")
    assert p["cluster_autoscaler"]["enabled"] is (env in ("staging", "prod"))
    if env == "local":
        assert "no kubelets" in p["metrics_server"]["reason"] and ms == [] and ca == []


def test_values_pass_helm_values_check(rendered, upstream_dir):
    _env, p, _ms, _ca = rendered
    for key, chart in (("metrics_server", MS), ("cluster_autoscaler", CA)):
        if p[key]["enabled"]:
            with open(os.path.join(upstream_dir, chart, "values.yaml")) as f:
                defaults = yaml.safe_load(f)
            assert helm_values.validate(p[key]["values"], defaults, free_form=p[key].get("values_free_form", ())) == []
            typo = helm_values.validate(dict(p[key]["values"], replicaCounts=2), defaults, free_form=p[key].get("values_free_form", ()))
            assert [x["path"] for x in typo] == ["replicaCounts"]


def test_every_rendered_and_applied_object_passes_the_schemas(rendered, crds):
    env, p, ms, ca = rendered
    own = _own(p)
    errors = validate_k8s(ms + ca + own, version="1.34", crds=crds)
    assert errors == [], "\n".join(errors[:30])
    kinds = collections.Counter(o["kind"] for o in ms + ca + own)
    print(f"\n[{env}] schema-valid: metrics-server {len(ms)} objects, cluster-autoscaler {len(ca)}, role-applied {len(own)}; 0 errors; {dict(kinds)}")


def _container(objects, name):
    deploy = next(o for o in objects if o["kind"] == "Deployment")
    return deploy, next(c for c in deploy["spec"]["template"]["spec"]["containers"] if c["name"] == name)


def test_metrics_server_per_environment(rendered):
    env, p, ms, _ca = rendered
    if not ms:
        pytest.skip(f"{env}: no metrics-server ({p['metrics_server']['reason']})")
    deploy, c = _container(ms, "metrics-server")
    assert ("--kubelet-insecure-tls" in c["args"]) is (env == "dev")  # kind's kubelets serve self-signed certificates
    assert deploy["spec"]["replicas"] == (2 if env in ("staging", "prod") else 1)
    assert bool([o for o in ms if o["kind"] == "PodDisruptionBudget"]) is (env in ("staging", "prod"))
    (api,) = [o for o in ms if o["kind"] == "APIService"]
    assert api["metadata"]["name"] == "v1beta1.metrics.k8s.io"


def test_cluster_autoscaler_discovers_by_tag_with_the_clusters_minor(rendered):
    env, p, _ms, ca = rendered
    if not ca:
        pytest.skip(f"{env}: no Cluster Autoscaler ({p['cluster_autoscaler']['reason']})")
    cluster = p["cluster_autoscaler"]["values"]["autoDiscovery"]["clusterName"]
    deploy, c = _container(ca, "aws-cluster-autoscaler")
    assert f"--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/{cluster}" in c["command"]
    assert "--expander=least-waste" in c["command"] and "--balance-similar-node-groups=true" in c["command"]
    assert f"--scale-down-unneeded-time={'10m' if env == 'prod' else '5m'}" in c["command"]
    # The image follows the inventory's EKS minor (the autoscaler supports only its own Kubernetes minor).
    assert c["image"] == f"registry.k8s.io/autoscaling/cluster-autoscaler:v{inventory_vars(env)['eks_cluster_version']}.0"
    sa = deploy["spec"]["template"]["spec"]["serviceAccountName"]
    assert sa == p["cluster_autoscaler"]["service_account"] == "cluster-autoscaler"
    assert [o for o in ca if o["kind"] == "ServiceAccount"][0]["metadata"].get("annotations", {}).get("eks.amazonaws.com/role-arn") is None
    assert {e["name"]: e.get("value") for e in c["env"]}["AWS_REGION"] == p["cluster_autoscaler"]["values"]["awsRegion"]
    # No static credentials: Pod Identity injects them.
    assert not [o for o in ca if o["kind"] == "Secret"]
