"""The istio role's canary upgrade against the real control plane, step by step, with --check before each step:
install revision 1-30-3 with the tag prod-stable, add 1-31-0 beside it, move the tag, remove 1-30-3 (refused while a
namespace still uses it). Nothing reconciles HelmReleases here: the role reports them applied, not reconciled."""

from __future__ import annotations

import os

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import kube as kube_utils
from ansible_collections.platform.runtime.plugins.module_utils import manifests
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents

pytestmark = pytest.mark.k8s

PLAYBOOK = "tests/integration/playbooks/istio.yml"
HELM = "helm.toolkit.fluxcd.io/v2"
OLD = {"name": "1-30-3", "version": "1.30.3"}
NEW = {"name": "1-31-0", "version": "1.31.0"}


@pytest.fixture(scope="module")
def flux_ns(kube, upstream_dir, unique_module):
    """The Flux CRDs (HelmRelease, HelmRepository) and a namespace for the releases of this test."""
    flux_crds = [o for o in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if o["kind"] == "CustomResourceDefinition"]
    ns = f"flux-canary-{unique_module}"
    manifests.apply_manifests(kube, flux_crds + [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}])
    return ns


@pytest.fixture(scope="module")
def unique_module():
    import uuid

    return uuid.uuid4().hex[:6]


@pytest.fixture(scope="module")
def base_vars(control_plane, upstream_dir, flux_ns):
    return {
        "platform_kubeconfig": control_plane["kubeconfig"],
        "platform_controllers_running": False,
        "istio_upstream_dir": upstream_dir,
        "istio_environment": "prod",
        "istio_flux_namespace": flux_ns,
        "istio_teams": [],
        "istio_apply_crds": False,
        "istio_gateway_hosts": [],
    }


def release(kube, ns, name):
    return kube.get({"apiVersion": HELM, "kind": "HelmRelease", "metadata": {"name": name, "namespace": ns}})


def run_step(run_playbook, base_vars, unchanged_by_check, **step):
    """--check first: it reports a change and leaves ``unchanged_by_check()`` true; then apply."""
    extra = dict(base_vars, **step)
    check = run_playbook(PLAYBOOK, "--diff", extra_vars=extra, check=True)
    assert check.rc == 0 and check.changed() >= 1, check.explain()
    assert unchanged_by_check()
    applied = run_playbook(PLAYBOOK, extra_vars=extra)
    assert applied.rc == 0 and applied.changed() >= 1, applied.explain()
    return check, applied


def test_canary_upgrade_step_by_step(run_playbook, base_vars, kube, flux_ns):
    ns = flux_ns
    # 1. revision 1-30-3 with the tag prod-stable (CRDs applied on this first run)
    first = run_playbook(PLAYBOOK, extra_vars=dict(base_vars, istio_apply_crds=True, istio_revisions=[OLD], istio_revision_tags={"prod-stable": "1-30-3"}))
    assert first.rc == 0, first.explain()
    assert any("applied, not reconciled (no controllers)" in r.get("msg", "") for r in first.task_results("Report the HelmReleases"))
    assert release(kube, ns, "istiod-1-30-3")["spec"]["values"]["revisionTags"] == ["prod-stable"]
    info = first.task_results("Publish istio_info")[-1]["ansible_facts"]
    assert info["istio_info"]["injection_label"] == "prod-stable"
    assert info["istio_info"]["debug_port_forward"] == "kubectl -n istio-system port-forward svc/istiod-1-30-3 15014:15014"
    assert info["istio_info"]["istiod_service"] == "istiod-1-30-3.istio-system.svc" and info["istio_info"]["ingress_endpoint"] == ""

    # 2. add the canary revision beside it
    step = {"istio_revisions": [OLD, NEW], "istio_revision_tags": {"prod-stable": "1-30-3"}}
    check, _applied = run_step(run_playbook, base_vars, lambda: release(kube, ns, "istiod-1-31-0") is None, **step)
    plan = "\n".join(str(r.get("msg")) for r in check.task_results("Show the plan"))
    assert "istiod-1-30-3, istiod-1-31-0" in plan
    new = release(kube, ns, "istiod-1-31-0")
    assert new["spec"]["values"]["revision"] == "1-31-0" and new["spec"]["chart"]["spec"]["version"] == "1.31.0"
    assert "revisionTags" not in new["spec"]["values"] and release(kube, ns, "istiod-1-30-3")["spec"]["values"]["revisionTags"] == ["prod-stable"]

    # 3. move the tag to the canary
    step = {"istio_revisions": [OLD, NEW], "istio_revision_tags": {"prod-stable": "1-31-0"}}
    run_step(run_playbook, base_vars, lambda: release(kube, ns, "istiod-1-30-3")["spec"]["values"].get("revisionTags") == ["prod-stable"], **step)
    assert "revisionTags" not in release(kube, ns, "istiod-1-30-3")["spec"]["values"]
    assert release(kube, ns, "istiod-1-31-0")["spec"]["values"]["revisionTags"] == ["prod-stable"]
    assert release(kube, ns, "istio-ingress")["spec"]["values"]["revision"] == "prod-stable"

    # 4. remove the old revision: refused while a namespace still uses it, then removed
    holdout = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": f"holdout-{ns[-6:]}", "labels": {"istio.io/rev": "1-30-3"}}}
    kube_utils.apply_batch(kube, [holdout])
    step = {"istio_revisions": [NEW], "istio_revision_tags": {"prod-stable": "1-31-0"}, "istio_remove_revisions": ["1-30-3"]}
    refused = run_playbook(PLAYBOOK, extra_vars=dict(base_vars, **step))
    assert refused.rc != 0 and f"still labelled: {holdout['metadata']['name']}" in refused.stdout
    assert release(kube, ns, "istiod-1-30-3") is not None
    kube.delete(holdout)
    run_step(run_playbook, base_vars, lambda: release(kube, ns, "istiod-1-30-3") is not None, **step)
    assert release(kube, ns, "istiod-1-31-0") is not None and release(kube, ns, "istiod-1-30-3") is None
    again = run_playbook(PLAYBOOK, extra_vars=dict(base_vars, **step))
    assert again.rc == 0 and again.changed() == 0, again.explain()
