# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An environment's policy set: which ConstraintTemplates, and the constraints built from the inventory.

Pure functions (file reads only): the gatekeeper role, the preflight and the tests share them. Every input is
checked before anything is applied; errors name the field, the value and what is expected.
"""

from __future__ import annotations

import copy
import os

from ansible_collections.platform.runtime.plugins.module_utils.platform import system_namespaces
from ansible_collections.platform.runtime.plugins.module_utils.policy.builders import (
    CONSTRAINTS_GROUP,
    ENFORCEMENT_ACTIONS,
    Constraint,
    Template,
    validate_constraint,
)
from ansible_collections.platform.runtime.plugins.module_utils.upstream import COLLECTION_ROOT, load_documents
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, is_dns1123_subdomain

# The pinned policy library, relative to the upstream directory (never copied into the collection).
LIBRARY_SUBDIR = os.path.join("gatekeeper-library-5c441fb", "library")
# Short names the inventory uses for library templates; any other "<dir>/<policy>" path of the library works too.
LIBRARY_TEMPLATES = {
    "containerlimits": "general/containerlimits",
    "containerresources": "general/containerresources",
    "allowedrepos": "general/allowedrepos",
    "requiredlabels": "general/requiredlabels",
    "privileged-containers": "pod-security-policy/privileged-containers",
    "disallowedtags": "general/disallowedtags",
}
# The collection's own templates (where the library has none), each with a suite in the library's format.
OWN_DIR = os.path.join(COLLECTION_ROOT, "policies")
OWN_TEMPLATES = ("pinnedhelmchartversion", "allowedhelmrepositories")
# Enforcement per environment: audit only where teams experiment, warnings in staging, blocking in prod.
ENVIRONMENT_ACTIONS = {"local": "dryrun", "dev": "dryrun", "staging": "warn", "prod": "deny"}
# Parameters that may not be empty when a constraint denies: an empty allow-list would block everything.
NONEMPTY_IN_DENY = {"k8sallowedrepos": "repos", "k8sallowedhelmrepositories": "urls"}
MANAGED_BY = {"app.kubernetes.io/managed-by": "platform.runtime"}


def template_file(name, library_dir, own_dir=OWN_DIR):
    """Path of a template by short name (library or own) or library-relative path."""
    if name in OWN_TEMPLATES:
        return os.path.join(own_dir, name, "template.yaml")
    rel = LIBRARY_TEMPLATES.get(name, name)
    return os.path.join(library_dir, rel, "template.yaml")


def suite_file(name, library_dir, own_dir=OWN_DIR):
    return os.path.join(os.path.dirname(template_file(name, library_dir, own_dir)), "suite.yaml")


def load_templates(names, library_dir, own_dir=OWN_DIR):
    """{short name: Template} for the inventory's template names; unknown names are refused together."""
    errs = Errors(prefix="gatekeeper_templates: ")
    out = {}
    for i, name in enumerate(names):
        path = template_file(name, library_dir, own_dir)
        if not isinstance(name, str) or ".." in name or not os.path.isfile(path):
            errs.add(
                f"[{i}]",
                name,
                f"a library template ({', '.join(sorted(LIBRARY_TEMPLATES))}, or <dir>/<policy> under {library_dir}) "
                f"or one of the collection's ({', '.join(OWN_TEMPLATES)})",
            )
            continue
        docs = load_documents(path)
        out[name] = Template(docs[0], source=path)
    errs.raise_if_any()
    return out


def _by_template_name(templates):
    return {t.name: t for t in templates.values()}


def _resolve(ref, templates):
    """A constraint's ``template``: a short name from the set, or the template's metadata.name."""
    if ref in templates:
        return templates[ref]
    return _by_template_name(templates).get(ref)


def excluded_namespaces(overrides=None, extra=()):
    return list(dict.fromkeys(list(system_namespaces(overrides)) + list(extra)))


def build_constraints(specs, templates, enforcement_action, namespace_overrides=None, exclude_system=True):
    """Constraint objects from the inventory's constraint specs; raises ValidationError listing every problem.

    A spec: ``name``, ``template`` (short name or template name), ``kinds`` (spec.match.kinds), optional
    ``parameters``, ``enforcement_action`` (overrides the environment's), ``excluded_namespaces``
    (``[{namespace, reason}]``: added to the system namespaces; the reason is required), ``label_selector``,
    ``namespace_selector``. ``exclude_system=False`` leaves the system namespaces out of excludedNamespaces (the
    preflight's strict run over the platform's own components).
    """
    errs = Errors()
    if enforcement_action not in ENFORCEMENT_ACTIONS:
        errs.add("gatekeeper_enforcement_action", enforcement_action, f"one of {', '.join(ENFORCEMENT_ACTIONS)}")
    by_name = _by_template_name(templates)
    objects, seen = [], set()
    for i, spec in enumerate(specs or []):
        where = f"gatekeeper_constraints[{i}]"
        if not isinstance(spec, dict):
            errs.add(where, spec, "a mapping with name, template and kinds")
            continue
        name = spec.get("name")
        if not (isinstance(name, str) and is_dns1123_subdomain(name)):
            errs.add(f"{where}.name", name, "a DNS-1123 subdomain")
        template = _resolve(spec.get("template"), templates)
        if template is None:
            errs.add(f"{where}.template", spec.get("template"), f"a template that is installed ({', '.join(sorted(templates)) or 'none'})")
            continue
        if (template.kind, name) in seen:
            errs.add(f"{where}.name", name, f"unique among the {template.kind} constraints")
        seen.add((template.kind, name))
        action = spec.get("enforcement_action") or enforcement_action
        extra = []
        for j, ex in enumerate(spec.get("excluded_namespaces") or []):
            if not isinstance(ex, dict) or not ex.get("namespace") or not str(ex.get("reason") or "").strip():
                errs.add(f"{where}.excluded_namespaces[{j}]", ex, "{namespace, reason} with a non-empty reason")
                continue
            extra.append(ex["namespace"])
        excluded = excluded_namespaces(namespace_overrides, extra) if exclude_system else list(dict.fromkeys(extra))
        match = {"kinds": copy.deepcopy(spec.get("kinds") or []), "excludedNamespaces": excluded}
        if not match["kinds"]:
            errs.add(f"{where}.kinds", spec.get("kinds"), "a non-empty list of {apiGroups, kinds}")
        for key, field in (("label_selector", "labelSelector"), ("namespace_selector", "namespaceSelector")):
            if spec.get(key) is not None:
                match[field] = copy.deepcopy(spec[key])
        obj = {
            "apiVersion": f"{CONSTRAINTS_GROUP}/v1beta1",
            "kind": template.kind,
            "metadata": {"name": name, "labels": dict(MANAGED_BY)},
            "spec": {"enforcementAction": action, "match": match},
        }
        if spec.get("parameters") is not None:
            obj["spec"]["parameters"] = copy.deepcopy(spec["parameters"])
        errs.extend(validate_constraint(Constraint(obj), by_name, where=where))
        key = NONEMPTY_IN_DENY.get(template.name)
        if key and action == "deny" and not (spec.get("parameters") or {}).get(key):
            errs.add(
                f"{where}.parameters.{key}",
                (spec.get("parameters") or {}).get(key),
                f"a non-empty list when enforcement_action is deny (an empty {key} list denies everything)",
            )
        objects.append(obj)
    errs.raise_if_any()
    return objects


def constraint_crd(template):
    """The constraint CRD Gatekeeper's controller creates from a template's spec.crd.

    Test bed only (no Gatekeeper controller): where Gatekeeper runs, it creates these itself.
    spec.match and status are left open (x-kubernetes-preserve-unknown-fields); parameters get the template's schema.
    """
    plural = template.kind.lower()
    parameters = copy.deepcopy(template.schema) if template.schema else {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
    parameters.setdefault("type", "object")
    schema = {
        "type": "object",
        "properties": {
            "metadata": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 63}}},
            "spec": {
                "type": "object",
                "properties": {
                    "enforcementAction": {"type": "string"},
                    "match": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                    "parameters": parameters,
                },
            },
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
        },
    }

    def version(name, storage):
        return {"name": name, "served": True, "storage": storage, "schema": {"openAPIV3Schema": copy.deepcopy(schema)}, "subresources": {"status": {}}}

    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{CONSTRAINTS_GROUP}", "labels": {"gatekeeper.sh/constraint": "yes", **MANAGED_BY}},
        "spec": {
            "group": CONSTRAINTS_GROUP,
            "scope": "Cluster",
            "names": {
                "kind": template.kind,
                "listKind": f"{template.kind}List",
                "plural": plural,
                "singular": plural,
                "categories": ["constraint", "constraints"],
            },
            "versions": [version("v1beta1", True), version("v1alpha1", False)],
        },
    }


def template_objects(templates):
    """The ConstraintTemplate objects to apply, labelled as managed by the collection."""
    out = []
    for t in templates.values():
        doc = copy.deepcopy(t.doc)
        doc.setdefault("metadata", {}).setdefault("labels", {}).update(MANAGED_BY)
        out.append(doc)
    return out


FAILURE_POLICIES = ("Ignore", "Fail")


def chart_values(
    replicas, audit_interval, failure_policy, emit_audit_events, controller_resources=None, audit_resources=None, hook_resources=None, extra_values=None
):
    """The Gatekeeper chart values one environment sets; raises ValidationError naming each bad setting."""
    errs = Errors()
    errs.integer("gatekeeper_replicas", replicas, low=1)
    errs.integer("gatekeeper_audit_interval", audit_interval, low=0)
    errs.one_of("gatekeeper_failure_policy", failure_policy, FAILURE_POLICIES)
    errs.boolean("gatekeeper_emit_audit_events", emit_audit_events)
    for field, res in (
        ("gatekeeper_controller_resources", controller_resources),
        ("gatekeeper_audit_resources", audit_resources),
        ("gatekeeper_hook_resources", hook_resources),
    ):
        for part, quantities in (res or {}).items():
            if part not in ("limits", "requests") or not isinstance(quantities, dict):
                errs.add(f"{field}.{part}", quantities, "limits or requests, each a mapping of cpu/memory quantities")
                continue
            for name, q in quantities.items():
                errs.quantity(f"{field}.{part}.{name}", q)
    errs.raise_if_any()
    values = {
        "replicas": int(replicas),
        "auditInterval": int(audit_interval),
        "validatingWebhookFailurePolicy": failure_policy,
        "emitAuditEvents": bool(emit_audit_events),
    }
    if controller_resources:
        values["controllerManager"] = {"resources": copy.deepcopy(controller_resources)}
    if audit_resources:
        values["audit"] = {"resources": copy.deepcopy(audit_resources)}
    if hook_resources:
        # The chart's hook Jobs: namespace labelling after install/upgrade, webhook cleanup, the CRD upgrade.
        for key in ("postInstall", "postUpgrade", "preUninstall", "crds"):
            values[key] = {"resources": copy.deepcopy(hook_resources)}
    return _merge(values, extra_values or {})


def _merge(base, over):
    out = copy.deepcopy(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else copy.deepcopy(value)
    return out
