"""Gatekeeper's work outside Rego: the review, spec.match, data.inventory, parameter schemas."""

from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.policy import builders as p


def pod(name="web", ns="team-a", labels=None):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns, "labels": labels or {}}, "spec": {}}


def ns_obj(name, labels=None):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}}


def match(m, obj, namespaces=None):
    review, o = p.build_review(obj)
    return p.matches(m, review, o, namespaces)


def test_review_of_a_plain_object():
    review, obj = p.build_review({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "x"}})
    assert review["kind"] == {"group": "apps", "version": "v1", "kind": "Deployment"}
    assert review["name"] == "d" and review["namespace"] == "x" and review["operation"] == "" and review["userInfo"] == {}
    assert review["object"] is obj


def test_admission_review_delete_uses_old_object():
    old = pod()
    doc = {
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {"operation": "DELETE", "kind": {"group": "", "version": "v1", "kind": "Pod"}, "oldObject": old, "userInfo": {"username": "u"}},
    }
    review, obj = p.build_review(doc)
    assert obj == old and review["object"] == old and review["oldObject"] == old
    assert review["namespace"] == "team-a" and review["userInfo"] == {"username": "u"}


@pytest.mark.parametrize(
    "m,obj,expected",
    [
        ({}, pod(), True),
        ({"kinds": [{"apiGroups": [""], "kinds": ["Pod"]}]}, pod(), True),
        ({"kinds": [{"apiGroups": ["apps"], "kinds": ["Pod"]}]}, pod(), False),
        ({"kinds": [{"apiGroups": ["*"], "kinds": ["*"]}]}, pod(), True),
        ({"namespaces": ["team-*"]}, pod(), True),
        ({"namespaces": ["*-a"]}, pod(), True),
        ({"namespaces": ["other"]}, pod(), False),
        ({"excludedNamespaces": ["kube-*", "team-a"]}, pod(), False),
        ({"excludedNamespaces": ["kube-*"]}, pod(ns="kube-system"), False),
        ({"excludedNamespaces": ["team-a"]}, ns_obj("team-a"), False),
        ({"excludedNamespaces": ["team-a"]}, ns_obj("team-b"), True),
        ({"namespaces": ["team-a"]}, {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n"}}, True),
        ({"scope": "Cluster"}, pod(), False),
        ({"scope": "Cluster"}, ns_obj("x"), True),
        ({"scope": "Namespaced"}, pod(), True),
        ({"scope": "Namespaced"}, ns_obj("x"), False),
        ({"name": "web*"}, pod(), True),
        ({"name": "db"}, pod(), False),
        ({"labelSelector": {"matchLabels": {"app": "web"}}}, pod(labels={"app": "web"}), True),
        ({"labelSelector": {"matchLabels": {"app": "web"}}}, pod(), False),
        ({"labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["a", "web"]}]}}, pod(labels={"app": "web"}), True),
        ({"labelSelector": {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]}}, pod(labels={"app": "web"}), False),
        ({"labelSelector": {"matchExpressions": [{"key": "app", "operator": "Exists"}]}}, pod(), False),
        ({"labelSelector": {"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}}, pod(), True),
    ],
)
def test_match(m, obj, expected):
    assert match(m, obj) is expected


def test_namespace_selector_uses_the_namespace_labels():
    sel = {"namespaceSelector": {"matchLabels": {"team": "a"}}}
    assert match(sel, pod(), {"team-a": ns_obj("team-a", {"team": "a"})}) is True
    assert match(sel, pod(), {"team-a": ns_obj("team-a")}) is False
    assert match(sel, ns_obj("team-a", {"team": "a"})) is True
    with pytest.raises(p.PolicyError, match="the Namespace 'team-a' is not known"):
        match(sel, pod(), {})


def test_bad_selector_operator():
    with pytest.raises(p.PolicyError, match="operator='Like'"):
        match({"labelSelector": {"matchExpressions": [{"key": "a", "operator": "Like"}]}}, pod())


def test_inventory_layout():
    inv = p.build_inventory([pod(), ns_obj("team-a"), {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i", "namespace": "x"}}])
    assert inv["cluster"]["v1"]["Namespace"]["team-a"]["kind"] == "Namespace"
    assert inv["namespace"]["team-a"]["v1"]["Pod"]["web"]["kind"] == "Pod"
    assert inv["namespace"]["x"]["networking.k8s.io/v1"]["Ingress"]["i"]["kind"] == "Ingress"


TEMPLATE = {
    "apiVersion": "templates.gatekeeper.sh/v1",
    "kind": "ConstraintTemplate",
    "metadata": {"name": "k8sdemo"},
    "spec": {
        "crd": {"spec": {"names": {"kind": "K8sDemo"}, "validation": {"openAPIV3Schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}},
        "targets": [{"target": p.TARGET, "rego": 'package demo\nviolation[{"msg": "x"}] { input.parameters.n > 1 }\n'}],
    },
}


def test_template_and_parameter_schema():
    t = p.Template(TEMPLATE)
    assert (t.kind, t.package) == ("K8sDemo", "demo")
    assert t.validate_parameters({"n": 2}) == []
    assert t.validate_parameters({"n": "2"}) == ["spec.parameters.n='2': expected type integer (template k8sdemo)"]


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda d: d["metadata"].update(name="other"), "metadata.name='other': expected the lowercase of spec.crd.spec.names.kind ('k8sdemo')"),
        (lambda d: d["spec"]["targets"][0].update(target="x"), "expected exactly one target 'admission.k8s.gatekeeper.sh'"),
        (lambda d: d["spec"]["targets"][0].pop("rego"), "no Rego in the template"),
    ],
)
def test_bad_templates(change, message):
    import copy

    doc = copy.deepcopy(TEMPLATE)
    change(doc)
    with pytest.raises(p.PolicyError, match=None) as e:
        p.Template(doc)
    assert message in str(e.value)


def test_constraint_refusals():
    t = p.Template(TEMPLATE)
    c = p.Constraint({"kind": "K8sDemo", "metadata": {"name": "c"}, "spec": {"enforcementAction": "block", "parameters": {"n": "x"}}})
    assert p.validate_constraint(c, {t.name: t}) == [
        "constraint K8sDemo/c: spec.parameters.n='x': expected type integer (template k8sdemo)",
        "constraint K8sDemo/c: spec.enforcementAction='block': expected one of deny, dryrun, warn",
    ]
    other = p.Constraint({"kind": "K8sOther", "metadata": {"name": "c"}})
    assert "kind='K8sOther': expected the kind of an installed ConstraintTemplate (K8sDemo)" in p.validate_constraint(other, {t.name: t})[0]
