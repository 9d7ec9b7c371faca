# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sealed Secrets 2.18.5 (optional component): rendered with helm, and the role on the real control plane."""

from __future__ import annotations

import collections
import os

import pytest
import yaml

from ansible_collections.platform.runtime.plugins.module_utils import flux, helm_values, sealed_secrets
from ansible_collections.platform.runtime.plugins.module_utils import onboarding as ob
from ansible_collections.platform.runtime.plugins.module_utils.kube import apply_batch, apply_crds
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_crds, load_documents
from ansible_collections.platform.runtime.tests.support.schemas import validate_k8s

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CHART = "sealed-secrets-2.18.5/chart"
PLAYBOOK = os.path.join(ROOT, "tests", "integration", "playbooks", "sealed_secrets.yml")


def crds(upstream_dir):
    out = [c for _p, c in load_crds(os.path.join(upstream_dir, CHART, "crds"))]
    return out + [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]


@pytest.mark.upstream
def test_chart_renders_schema_valid(chart_render, upstream_dir):
    p = sealed_secrets.plan({"environment": "prod"})
    with open(os.path.join(upstream_dir, CHART, "values.yaml")) as f:
        assert helm_values.validate(p["values"], yaml.safe_load(f)) == []
    rendered = chart_render(CHART, p["values"], release="sealed-secrets", namespace="sealed-secrets")
    s = p["settings"]
    own = [flux.helm_repository("sealed-secrets", "sealed-secrets", "https://bitnami-labs.github.io/sealed-secrets")]
    own += [flux.helm_release(s["release_name"], "sealed-secrets", "sealed-secrets", s["chart_version"], "sealed-secrets", values=p["values"])]
    sample = {
        "apiVersion": "bitnami.com/v1alpha1",
        "kind": "SealedSecret",
        "metadata": {"name": "db", "namespace": "payments-dev"},
        "spec": {"encryptedData": {"password": "AgBy3i4OJSWK+PiTySYZZA=="}, "template": {"metadata": {"name": "db"}}},
    }
    errors = validate_k8s(rendered + own + p["objects"] + [sample], version="1.34", crds=crds(upstream_dir))
    assert errors == [], "\n".join(errors[:30])
    deploy = next(o for o in rendered if o["kind"] == "Deployment")
    assert deploy["metadata"]["name"] == "sealed-secrets-controller"  # kubeseal's default controller name
    args = deploy["spec"]["template"]["spec"]["containers"][0]["args"]
    assert args[args.index("--key-renew-period") + 1] == "720h"
    kinds = dict(collections.Counter(o["kind"] for o in rendered))
    print(f"\n[all environments] schema-valid: sealed-secrets {len(rendered)} objects, role-applied {len(own) + 2}; 0 errors; {kinds}")


@pytest.mark.k8s
@pytest.mark.upstream
def test_role_applies_the_crd_and_release_then_changes_nothing(run_playbook, control_plane, kube, upstream_dir, unique):
    flux_crds = [d for d in load_documents(os.path.join(upstream_dir, "flux-2.9.4", "install.yaml")) if d["kind"] == "CustomResourceDefinition"]
    assert all(r["action"] != "failed" for r in apply_crds(kube, flux_crds)[0])
    kube.forget()
    ev = {"platform_kubeconfig": control_plane["kubeconfig"], "platform_environment": "local", "platform_controllers_running": False}
    first = run_playbook(PLAYBOOK, extra_vars=ev, inventory="localhost,")
    assert first.rc == 0, first.explain()
    (msg,) = [r["msg"] for r in first.task_results("Report")]
    assert msg == "sealed_secrets: HelmRelease sealed-secrets/sealed-secrets (2.18.5), key renewed every 720h: applied, not reconciled (no controllers)"
    crd = kube.get({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "sealedsecrets.bitnami.com"}})
    assert {c["type"]: c["status"] for c in crd["status"]["conditions"]}["Established"] == "True"
    again = run_playbook(PLAYBOOK, extra_vars=ev, inventory="localhost,")
    assert again.rc == 0 and again.changed() == 0, again.explain()
    check = run_playbook(PLAYBOOK, "--diff", extra_vars=ev, inventory="localhost,", check=True)
    assert check.rc == 0 and check.changed() == 0, check.explain()
    bad = run_playbook(PLAYBOOK, extra_vars=dict(ev, sealed_secrets_settings={"key_renew_period": "monthly"}), inventory="localhost,")
    assert bad.rc != 0 and "sealed_secrets: key_renew_period='monthly': expected a duration" in bad.stdout and bad.changed() == 0

    # A team's editors write SealedSecrets in their own namespace, viewers only read them, nobody elsewhere.
    team = {"name": f"ss{unique}", "owners": ["a@example.com"], "groups": {"admin": ["ss-a"], "edit": ["ss-e"], "view": ["ss-v"]}, "environments": ["dev"]}
    settings = ob.merge_settings()
    (spec,) = ob.validate_teams([team], "dev", settings)
    apply_batch(kube, ob.build_tenant_roles() + ob.build_team(spec, "dev", settings))
    ns = f"ss{unique}-dev"

    def can(group, verb, namespace=ns):
        attrs = {"verb": verb, "group": "bitnami.com", "resource": "sealedsecrets", "namespace": namespace}
        body = {
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SubjectAccessReview",
            "spec": {"user": "probe", "groups": [group], "resourceAttributes": attrs},
        }
        return kube.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body=body)["status"].get("allowed", False)

    assert can("ss-e", "create") and can("ss-a", "delete") and can("ss-v", "get")
    assert not can("ss-v", "create") and not can("ss-e", "create", "payments-dev")
    sealed = {
        "apiVersion": "bitnami.com/v1alpha1",
        "kind": "SealedSecret",
        "metadata": {"name": "db", "namespace": ns},
        "spec": {"encryptedData": {"password": "AgBy3i4OJSWK+PiTySYZZA=="}},
    }
    apply_batch(kube, [sealed])  # accepted by the CRD's schema on the server
    assert kube.get(sealed)["spec"]["encryptedData"] == {"password": "AgBy3i4OJSWK+PiTySYZZA=="}
