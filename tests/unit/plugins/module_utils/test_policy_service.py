"""policy/service.py, the gatekeeper_policy flow, against the recording fake client: validation before any
connection, the apply order (templates, constraint CRDs, constraints), check mode, waiting for Gatekeeper's CRDs,
and failures that carry the results so far."""

from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.policy import service
from ansible_collections.platform.runtime.tests.support.kubetest import FakeClient

HELM_KINDS = [{"apiGroups": ["helm.toolkit.fluxcd.io"], "kinds": ["HelmRelease"]}]
REPO_KINDS = [{"apiGroups": ["source.toolkit.fluxcd.io"], "kinds": ["HelmRepository"]}]
CRD_API = "apiextensions.k8s.io/v1"
CONSTRAINT_CRDS = ("k8spinnedhelmchartversion.constraints.gatekeeper.sh", "k8sallowedhelmrepositories.constraints.gatekeeper.sh")
ESTABLISHED = {"conditions": [{"type": "Established", "status": "True"}]}


def gatekeeper_less(**kw):
    """A fake API server without Gatekeeper: it serves what is applied and Establishes the CRDs it is given."""
    return FakeClient(statuses=dict.fromkeys(CONSTRAINT_CRDS, ESTABLISHED), **kw)


def params(tmp_path, **kw):
    """The module's parameters for the collection's own two templates (no library template, so no upstream data)."""
    p = dict(
        templates=["pinnedhelmchartversion", "allowedhelmrepositories"],
        constraints=[
            {"name": "pinned-helm-chart-versions", "template": "pinnedhelmchartversion", "kinds": HELM_KINDS},
            {
                "name": "allowed-helm-repositories",
                "template": "allowedhelmrepositories",
                "kinds": REPO_KINDS,
                "parameters": {"urls": ["https://charts.example/"]},
            },
        ],
        enforcement_action="dryrun",
        namespaces=None,
        upstream_dir=str(tmp_path),
        library_dir=str(tmp_path),
        policies_dir=None,
        controllers_running=False,
        install_template_crd=False,
        validate_only=False,
        timeout=5,
    )
    p.update(kw)
    return p


def refs(client, verb):
    return [ref for v, ref in client.calls if v == verb]


def connect_to(client):
    made = []

    def connect():
        made.append(client)
        return client

    return connect, made


def test_validate_only_plans_without_connecting(tmp_path):
    connect, made = connect_to(FakeClient())
    out = service.run(params(tmp_path, validate_only=True), connect, False)
    assert made == []
    assert out["status"] == "validated" and out["changed"] is False
    assert out["templates"] == ["k8sallowedhelmrepositories", "k8spinnedhelmchartversion"]
    assert [c["metadata"]["name"] for c in out["constraints"]] == ["pinned-helm-chart-versions", "allowed-helm-repositories"]
    assert {c["spec"]["enforcementAction"] for c in out["constraints"]} == {"dryrun"}


@pytest.mark.parametrize(
    "bad, expected",
    [
        ({"templates": ["pinnedhelmchartversion", "no-such-template"]}, "gatekeeper_templates: [1]='no-such-template': expected a library template"),
        ({"enforcement_action": "block"}, "gatekeeper_enforcement_action='block'"),
    ],
)
def test_bad_input_fails_before_connecting(tmp_path, bad, expected):
    connect, made = connect_to(FakeClient())
    with pytest.raises(ValidationError) as err:
        service.run(params(tmp_path, **bad), connect, False)
    assert made == []
    assert expected in str(err.value)


def test_missing_library_is_named(tmp_path):
    with pytest.raises(service.PolicyApplyError, match="library_dir=.*expected the Gatekeeper policy library directory"):
        service.run(params(tmp_path, library_dir=str(tmp_path / "missing"), upstream_dir=None), connect_to(FakeClient())[0], False)


def test_without_controllers_templates_then_constraint_crds_then_constraints(tmp_path):
    client = gatekeeper_less()
    out = service.run(params(tmp_path), lambda: client, False)
    applied = [
        "ConstraintTemplate/k8spinnedhelmchartversion",
        "ConstraintTemplate/k8sallowedhelmrepositories",
        *(f"CustomResourceDefinition/{n}" for n in CONSTRAINT_CRDS),
        "K8sPinnedHelmChartVersion/pinned-helm-chart-versions",
        "K8sAllowedHelmRepositories/allowed-helm-repositories",
    ]
    assert refs(client, "APPLY") == applied
    assert out["status"] == service.NOT_ENFORCED and out["changed"] is True
    assert out["summary"]["created"] == applied
    again = service.run(params(tmp_path), lambda: client, False)  # the second run finds everything in place
    assert again["changed"] is False and again["summary"]["unchanged"] == applied


def test_check_mode_is_a_dry_run_that_changes_nothing(tmp_path):
    client = gatekeeper_less()
    out = service.run(params(tmp_path), lambda: client, True)
    assert refs(client, "APPLY") == [] and len(refs(client, "DRYRUN")) == 6
    assert client.objects == {}
    assert out["changed"] is True


def test_with_controllers_waits_for_the_constraint_crds_gatekeeper_creates(tmp_path):
    established = {"conditions": [{"type": "Established", "status": "True"}]}
    crds = [{"apiVersion": CRD_API, "kind": "CustomResourceDefinition", "metadata": {"name": n}} for n in CONSTRAINT_CRDS]
    client = FakeClient(objects=crds, statuses=dict.fromkeys(CONSTRAINT_CRDS, established))
    out = service.run(params(tmp_path, controllers_running=True), lambda: client, False)
    assert out["status"] == service.ENFORCED
    assert [r for r in refs(client, "APPLY") if r.startswith("CustomResourceDefinition/")] == []  # Gatekeeper makes them
    assert {f"CustomResourceDefinition/{n}" for n in CONSTRAINT_CRDS} <= set(refs(client, "GET"))
    assert client.forgotten >= 1  # discovery is refreshed before the constraints of the new kinds


def test_constraint_crds_that_never_appear_fail_with_the_table(tmp_path):
    client = FakeClient()
    with pytest.raises(service.PolicyApplyError) as err:  # timeout=0: one look, no wait
        service.run(params(tmp_path, controllers_running=True, timeout=0), lambda: client, False)
    assert "the constraint CRDs (created by Gatekeeper from the templates) not ready" in str(err.value)
    assert all(n in str(err.value) for n in CONSTRAINT_CRDS)
    assert [r["ref"] for r in err.value.result["results"]] == ["ConstraintTemplate/k8spinnedhelmchartversion", "ConstraintTemplate/k8sallowedhelmrepositories"]


def test_a_refused_constraint_fails_with_every_result_so_far(tmp_path):
    client = gatekeeper_less(fail=["allowed-helm-repositories"])
    with pytest.raises(service.PolicyApplyError) as err:
        service.run(params(tmp_path), lambda: client, False)
    assert str(err.value) == "K8sAllowedHelmRepositories/allowed-helm-repositories: denied"
    results = err.value.result["results"]
    assert [r["action"] for r in results] == ["created"] * 5 + ["failed"]
    assert results[-1] == {
        "ref": "K8sAllowedHelmRepositories/allowed-helm-repositories",
        "action": "failed",
        "error": "K8sAllowedHelmRepositories/allowed-helm-repositories: denied",
    }


def test_install_template_crd_needs_the_upstream_directory(tmp_path):
    client = FakeClient()
    with pytest.raises(service.PolicyApplyError, match="install_template_crd needs the upstream directory"):
        service.apply_policy(client, {}, [], False, upstream_dir=None, install_template_crd=True)
    assert client.calls == []
