"""Each environment's Gatekeeper settings, through the real chart and schemas, and through its own policy set.

The role's defaults and each inventory's group_vars are templated with Ansible's own Templar (the same expressions
the role evaluates). Per environment: the chart values pass helm_values_check, render with helm v3.19.0, and every
rendered object, the Flux HelmRelease/HelmRepository, the ConstraintTemplates and the constraints validate strictly
(kubernetes-validate, and the CRDs' schemas). Then the preflight's strict run over the platform's own components
(system-namespace exclusions dropped) finds nothing: what the charts would violate is fixed in the values or
excluded in the inventory with a reason. Each environment's constraint set also runs as a suite (library format)
over tests/policy/objects, with the verdicts of tests/policy/expectations.yaml.
"""

from __future__ import annotations

import glob
import os

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import flux, helm_values
from ansible_collections.platform.runtime.plugins.module_utils.policy import preflight as policy_preflight
from ansible_collections.platform.runtime.plugins.module_utils.policy import set as policy_set
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents
from ansible_collections.platform.runtime.tests.support.renders import ENVS, gatekeeper_settings
from ansible_collections.platform.runtime.tests.support.schemas import validate_k8s

pytestmark = [pytest.mark.upstream]
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXPECTED_ACTION = {"local": "dryrun", "dev": "dryrun", "staging": "warn", "prod": "deny"}


@pytest.fixture(scope="module")
def crds(upstream_dir):
    out = [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d.get("kind") == "CustomResourceDefinition"]
    for path in sorted(glob.glob(os.path.join(upstream_dir, "gatekeeper-3.23.0", "crds", "*.yaml"))):
        out += load_documents(path)
    return out


@pytest.mark.parametrize("env", ENVS)
def test_environment_renders_validates_and_passes_its_own_policy(env, upstream_dir, chart_render, crds):
    get, specs = gatekeeper_settings(env, upstream_dir)
    values = policy_set.chart_values(
        replicas=get("gatekeeper_replicas"),
        audit_interval=get("gatekeeper_audit_interval"),
        failure_policy=get("gatekeeper_failure_policy"),
        emit_audit_events=get("gatekeeper_emit_audit_events"),
        controller_resources=get("gatekeeper_controller_resources"),
        audit_resources=get("gatekeeper_audit_resources"),
        hook_resources=get("gatekeeper_hook_resources"),
        extra_values=get("gatekeeper_extra_values"),
    )
    with open(get("gatekeeper_chart_values_file")) as f:
        defaults = yaml.safe_load(f)
    assert helm_values.validate(values, defaults, free_form=["emitAuditEvents", "postInstall.resources"]) == []
    namespace = get("gatekeeper_namespace")
    rendered = chart_render("gatekeeper-3.23.0/chart", values, release="gatekeeper", namespace=namespace)
    deployments = {o["metadata"]["name"]: o for o in rendered if o["kind"] == "Deployment"}
    assert deployments["gatekeeper-controller-manager"]["spec"]["replicas"] == get("gatekeeper_replicas")
    args = deployments["gatekeeper-audit"]["spec"]["template"]["spec"]["containers"][0]["args"]
    assert f"--audit-interval={get('gatekeeper_audit_interval')}" in args
    assert f"--emit-audit-events={str(get('gatekeeper_emit_audit_events')).lower()}" in args
    webhook = next(o for o in rendered if o["kind"] == "ValidatingWebhookConfiguration")
    assert {w["failurePolicy"] for w in webhook["webhooks"]} >= {get("gatekeeper_failure_policy")}

    flux_objects = [
        flux.helm_repository(get("gatekeeper_repository_name"), get("gatekeeper_flux_namespace"), get("gatekeeper_repository_url")),
        flux.helm_release(
            "gatekeeper",
            get("gatekeeper_flux_namespace"),
            "gatekeeper",
            get("gatekeeper_chart_version"),
            get("gatekeeper_repository_name"),
            target_namespace=namespace,
            release_name="gatekeeper",
            values=values,
        ),
    ]
    templates = policy_set.load_templates(get("gatekeeper_templates"), get("gatekeeper_library_dir"))
    action = get("gatekeeper_enforcement_action")
    assert action == EXPECTED_ACTION[env]
    constraints = policy_set.build_constraints(specs, templates, action)
    assert len(constraints) == len(templates)
    constraint_crds = [policy_set.constraint_crd(t) for t in templates.values()]
    policy_objects = policy_set.template_objects(templates) + constraints
    assert validate_k8s(rendered + flux_objects + policy_objects, crds=crds + constraint_crds) == []

    strict = policy_set.build_constraints(specs, templates, action, exclude_system=False)
    report = policy_preflight.evaluate(templates, strict, {"chart:gatekeeper": rendered, "flux": flux_objects})
    assert report["violations"] == 0, policy_preflight.table(report)
    assert report["objects"] == len(rendered) + len(flux_objects) + 4  # + the Pods of 2 Deployments and 2 hook Jobs


POLICY_TESTS = os.path.join(ROOT, "tests", "policy")


@pytest.mark.parametrize("env", ENVS)
def test_environment_constraint_set_suite(env, upstream_dir, tmp_path):
    """Each environment's constraint set, as a suite in the library's format over tests/policy/objects."""
    from ansible_collections.platform.runtime.plugins.module_utils.policy import suite as policy_suite

    get, specs = gatekeeper_settings(env, upstream_dir)
    names = get("gatekeeper_templates")
    templates = policy_set.load_templates(names, get("gatekeeper_library_dir"))
    action = get("gatekeeper_enforcement_action")
    constraints = {c["metadata"]["name"]: c for c in policy_set.build_constraints(specs, templates, action)}
    with open(os.path.join(POLICY_TESTS, "expectations.yaml")) as f:
        expected = yaml.safe_load(f)
    assert set(expected) == set(constraints)
    objects = sorted(os.listdir(os.path.join(POLICY_TESTS, "objects")))
    tests = []
    for spec in specs:
        name = spec["name"]
        assert constraints[name]["spec"]["enforcementAction"] == EXPECTED_ACTION[env]
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(constraints[name]))
        listed = {e["object"]: e for e in expected[name]}
        cases = []
        for obj in objects:
            e = listed.get(obj, {"violations": "no"})
            assertion = {"violations": e["violations"], **({"message": e["message"]} if "message" in e else {})}
            cases.append({"name": obj, "object": os.path.join(POLICY_TESTS, "objects", obj), "assertions": [assertion]})
        template = policy_set.template_file(spec["template"], get("gatekeeper_library_dir"))
        tests.append({"name": name, "template": template, "constraint": str(path), "cases": cases})
    suite = tmp_path / "suite.yaml"
    suite.write_text(yaml.safe_dump({"kind": "Suite", "apiVersion": "test.gatekeeper.sh/v1alpha1", "metadata": {"name": env}, "tests": tests}))
    results = policy_suite.SuiteRunner().run([str(suite)])
    assert len(results) == len(specs) * len(objects)
    assert [r.as_dict() for r in results if not r.passed] == []
