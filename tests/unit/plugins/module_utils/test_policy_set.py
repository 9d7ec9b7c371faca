"""An environment's policy set from the inventory: templates, constraints, refusals before anything changes."""

from __future__ import annotations

import os

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.policy import set as ps

pytestmark = pytest.mark.upstream
PODS = [{"apiGroups": [""], "kinds": ["Pod"]}]


@pytest.fixture(scope="module")
def templates(upstream_dir):
    return ps.load_templates(list(ps.LIBRARY_TEMPLATES) + list(ps.OWN_TEMPLATES), os.path.join(upstream_dir, ps.LIBRARY_SUBDIR))


def test_every_constraint_excludes_the_system_namespaces(templates):
    [c] = ps.build_constraints([{"name": "lim", "template": "containerlimits", "kinds": PODS, "parameters": {"cpu": "2", "memory": "1Gi"}}], templates, "warn")
    assert c["kind"] == "K8sContainerLimits" and c["spec"]["enforcementAction"] == "warn"
    excluded = c["spec"]["match"]["excludedNamespaces"]
    for ns in ("kube-*", "flux-system", "istio-system", "istio-ingress", "cert-manager", "gatekeeper-system", "monitoring", "velero"):
        assert ns in excluded
    [c] = ps.build_constraints(
        [{"name": "lim", "template": "k8scontainerlimits", "kinds": PODS, "excluded_namespaces": [{"namespace": "legacy", "reason": "migrating"}]}],
        templates,
        "deny",
        namespace_overrides={"monitoring": "observability"},
    )
    assert "observability" in c["spec"]["match"]["excludedNamespaces"] and "monitoring" not in c["spec"]["match"]["excludedNamespaces"]
    assert c["spec"]["match"]["excludedNamespaces"][-1] == "legacy"
    [strict] = ps.build_constraints([{"name": "lim", "template": "containerlimits", "kinds": PODS}], templates, "deny", exclude_system=False)
    assert strict["spec"]["match"]["excludedNamespaces"] == []


def test_bad_input_is_refused_together_naming_field_value_expectation(templates):
    specs = [
        {"name": "repos", "template": "allowedrepos", "kinds": PODS, "parameters": {"repos": []}},
        {"name": "labels", "template": "requiredlabels", "kinds": PODS, "parameters": {"labels": "team"}},
        {"name": "https", "template": "httpsonly", "kinds": PODS},
        {"name": "lim", "template": "containerlimits", "kinds": PODS, "enforcement_action": "block"},
        {"name": "Bad_Name", "template": "disallowedtags", "kinds": []},
        {"name": "x", "template": "disallowedtags", "kinds": PODS, "excluded_namespaces": [{"namespace": "a"}]},
    ]
    with pytest.raises(ValidationError) as e:
        ps.build_constraints(specs, templates, "deny")
    assert e.value.errors == [
        "gatekeeper_constraints[0].parameters.repos=[]: expected a non-empty list when enforcement_action is deny (an empty repos list denies everything)",
        "gatekeeper_constraints[1]: spec.parameters.labels='team': expected type array (template k8srequiredlabels)",
        "gatekeeper_constraints[2].template='httpsonly': expected a template that is installed "
        "(allowedhelmrepositories, allowedrepos, containerlimits, containerresources, disallowedtags, pinnedhelmchartversion, "
        "privileged-containers, requiredlabels)",
        "gatekeeper_constraints[3]: spec.enforcementAction='block': expected one of deny, dryrun, warn",
        "gatekeeper_constraints[4].name='Bad_Name': expected a DNS-1123 subdomain",
        "gatekeeper_constraints[4].kinds=[]: expected a non-empty list of {apiGroups, kinds}",
        "gatekeeper_constraints[5].excluded_namespaces[0]={'namespace': 'a'}: expected {namespace, reason} with a non-empty reason",
    ]


def test_empty_registry_list_is_fine_when_not_denying(templates):
    [c] = ps.build_constraints([{"name": "repos", "template": "allowedrepos", "kinds": PODS, "parameters": {"repos": []}}], templates, "dryrun")
    assert c["spec"]["parameters"] == {"repos": []}
    with pytest.raises(ValidationError, match="gatekeeper_enforcement_action='audit': expected one of deny, dryrun, warn"):
        ps.build_constraints([], templates, "audit")


def test_unknown_template_name(upstream_dir):
    with pytest.raises(ValidationError, match=r"gatekeeper_templates: \[0\]='nosuch': expected a library template"):
        ps.load_templates(["nosuch"], os.path.join(upstream_dir, ps.LIBRARY_SUBDIR))
    assert "k8shttpsonly" in [t.name for t in ps.load_templates(["general/httpsonly"], os.path.join(upstream_dir, ps.LIBRARY_SUBDIR)).values()]


def test_constraint_crd_like_gatekeeper(templates):
    crd = ps.constraint_crd(templates["allowedrepos"])
    assert crd["metadata"]["name"] == "k8sallowedrepos.constraints.gatekeeper.sh"
    assert crd["spec"]["scope"] == "Cluster" and crd["spec"]["names"]["kind"] == "K8sAllowedRepos"
    assert [v["name"] for v in crd["spec"]["versions"] if v["storage"]] == ["v1beta1"]
    params = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]["parameters"]
    assert params["properties"]["repos"]["type"] == "array"


def test_chart_values_per_environment():
    values = ps.chart_values(3, 30, "Fail", True, {"limits": {"cpu": "2"}}, hook_resources={"requests": {"cpu": "10m"}}, extra_values={"logLevel": "DEBUG"})
    assert values["replicas"] == 3 and values["auditInterval"] == 30 and values["validatingWebhookFailurePolicy"] == "Fail"
    assert values["emitAuditEvents"] is True and values["controllerManager"] == {"resources": {"limits": {"cpu": "2"}}}
    assert values["postInstall"] == values["crds"] == {"resources": {"requests": {"cpu": "10m"}}} and values["logLevel"] == "DEBUG"
    with pytest.raises(ValidationError) as e:
        ps.chart_values(0, "60", "Sometimes", "yes", {"limits": {"cpu": "lots"}})
    assert e.value.errors[0] == "gatekeeper_replicas=0: expected an integer >= 1"
    assert "gatekeeper_failure_policy='Sometimes': expected one of Ignore, Fail" in e.value.errors[2]
    assert e.value.errors[4].startswith("gatekeeper_controller_resources.limits.cpu='lots'")
