"""The gatekeeper role on the real 1.20 control plane (no Gatekeeper controller: the test bed).

One flow: check mode on a fresh cluster changes nothing, the apply creates the HelmRelease, the templates, the
constraint CRDs (the way Gatekeeper would) and the constraints, a re-run reports changed=0, bad input
is refused before anything changes, and the API server checks constraint parameters against the template schema.
"""

from __future__ import annotations

import os

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import kube as kube_mod
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents

pytestmark = [pytest.mark.k8s, pytest.mark.upstream]

PLAYBOOK = "tests/integration/playbooks/gatekeeper.yml"
CONSTRAINTS = {
    "K8sContainerLimits": "container-limits",
    "K8sRequiredResources": "container-requests",
    "K8sAllowedRepos": "allowed-registries",
    "K8sRequiredLabels": "namespace-required-labels",
    "K8sPSPPrivilegedContainer": "no-privileged-containers",
    "K8sDisallowedTags": "no-latest-or-untagged-images",
    "K8sPinnedHelmChartVersion": "pinned-helm-chart-versions",
    "K8sAllowedHelmRepositories": "allowed-helm-repositories",
}


@pytest.fixture(scope="module")
def flux_crds(kube, upstream_dir):
    crds = [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d.get("kind") == "CustomResourceDefinition"]
    results = kube_mod.apply_crds(kube, crds)[0]
    assert not [r for r in results if r["action"] == "failed"]
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "flux-system"}})
    return crds


@pytest.fixture(scope="module")
def gk_vars(control_plane, upstream_dir, flux_crds):
    return {
        "platform_kubeconfig": control_plane["kubeconfig"],
        "platform_environment": "local",
        "platform_controllers_running": False,
        "gatekeeper_upstream_dir": upstream_dir,
        "gatekeeper_allowed_registries": ["registry.example.com/"],
        "gatekeeper_wait_timeout": 60,
    }


def _constraint(kube, kind, name):
    return kube.get({"apiVersion": "constraints.gatekeeper.sh/v1beta1", "kind": kind, "metadata": {"name": name}})


def test_role_check_apply_idempotent_and_refuses_bad_input(run_playbook, gk_vars, kube):
    template_crd = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "constrainttemplates.templates.gatekeeper.sh"},
    }
    check = run_playbook(PLAYBOOK, extra_vars=gk_vars, check=True)
    assert check.rc == 0, check.explain()
    assert check.changed() >= 1
    # --check changed nothing: no HelmRelease, no constraint CRD (the ConstraintTemplate CRD itself may come from an
    # earlier test of the session, which applies every upstream CRD).
    assert kube.get({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": {"name": "gatekeeper", "namespace": "flux-system"}}) is None
    allowed_repos_crd = dict(template_crd, metadata={"name": "k8sallowedrepos.constraints.gatekeeper.sh"})
    assert kube.get(allowed_repos_crd) is None

    first = run_playbook(PLAYBOOK, extra_vars=gk_vars)
    assert first.rc == 0, first.explain()
    assert first.changed() >= 1
    hr = kube.get({"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease", "metadata": {"name": "gatekeeper", "namespace": "flux-system"}})
    assert hr["spec"]["chart"]["spec"]["version"] == "3.23.0"
    assert hr["spec"]["values"]["validatingWebhookFailurePolicy"] == "Ignore"
    report = first.task_results("Report the policy set")[0]["msg"]
    assert "8 ConstraintTemplates, 8 constraints (dryrun): applied, not enforced (no controller)" in report
    for kind, name in CONSTRAINTS.items():
        c = _constraint(kube, kind, name)
        assert c is not None, (kind, name)
        assert c["spec"]["enforcementAction"] == "dryrun"
        assert {"kube-*", "flux-system", "gatekeeper-system", "istio-system", "velero"} <= set(c["spec"]["match"]["excludedNamespaces"])
    assert _constraint(kube, "K8sAllowedRepos", "allowed-registries")["spec"]["parameters"]["repos"] == ["registry.example.com/"]

    again = run_playbook(PLAYBOOK, extra_vars=gk_vars)  # --check after apply: tests/integration/test_site_local.py
    assert again.rc == 0 and again.changed() == 0, again.explain()

    bad = run_playbook(PLAYBOOK, extra_vars=dict(gk_vars, gatekeeper_enforcement_action="deny", gatekeeper_allowed_registries=[]))
    assert bad.rc != 0
    assert "gatekeeper_constraints[2].parameters.repos=[]: expected a non-empty list when enforcement_action is deny" in bad.stdout
    assert _constraint(kube, "K8sAllowedRepos", "allowed-registries")["spec"]["enforcementAction"] == "dryrun"  # nothing changed


def test_api_server_checks_constraint_parameters_against_the_template_schema(run_playbook, gk_vars, kube):
    # the constraint CRDs exist after the role ran (previous test); a wrong parameter type is refused by the server
    bad = {
        "apiVersion": "constraints.gatekeeper.sh/v1beta1",
        "kind": "K8sAllowedRepos",
        "metadata": {"name": "bad-params"},
        "spec": {"parameters": {"repos": "registry.example.com/"}},
    }
    with pytest.raises(kube_mod.KubeError) as e:
        kube.request("POST", kube.path(bad["apiVersion"], bad["kind"]), body=bad)
    assert e.value.status == 422
    assert "spec.parameters.repos" in str(e.value)
