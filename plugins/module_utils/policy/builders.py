# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What Gatekeeper does around Rego, in Python: templates, constraints, the review, spec.match, data.inventory.

Pure functions over plain data (no I/O): the tester (policy_suite), the preflight and the constraint
builder share them. The Rego evaluation itself is behind policy_engine.
"""

from __future__ import annotations

import copy
import importlib.util

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError, ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.policy.engine import default_engine

# Imported where parameters are checked, not here: the gatekeeper role's chart-values filter imports this module in a
# fresh worker on every run, and importing jsonschema costs more than the filter's own work.
HAS_JSONSCHEMA = importlib.util.find_spec("jsonschema") is not None

TARGET = "admission.k8s.gatekeeper.sh"
CONSTRAINTS_GROUP = "constraints.gatekeeper.sh"
ENFORCEMENT_ACTIONS = ("deny", "dryrun", "warn")
SCOPES = ("*", "Cluster", "Namespaced")


class PolicyError(PlatformError):
    """A template, constraint or object Gatekeeper would not accept, or a construct the tester cannot evaluate."""


def split_api_version(api_version):
    group, version = (api_version or "").rpartition("/")[::2]
    return group, version


class Template:
    """A ConstraintTemplate: its constraint kind, parameter schema and Rego (with libs)."""

    def __init__(self, doc, source="template"):
        if not isinstance(doc, dict) or doc.get("kind") != "ConstraintTemplate":
            raise PolicyError(f"{source}: not a ConstraintTemplate (kind={doc.get('kind') if isinstance(doc, dict) else doc!r})")
        self.doc = doc
        self.source = source
        self.name = (doc.get("metadata") or {}).get("name", "")
        spec = doc.get("spec") or {}
        crd_spec = (spec.get("crd") or {}).get("spec") or {}
        self.kind = (crd_spec.get("names") or {}).get("kind", "")
        if not self.kind:
            raise PolicyError(f"{source}: spec.crd.spec.names.kind is missing")
        if self.name != self.kind.lower():
            raise PolicyError(f"{source}: metadata.name={self.name!r}: expected the lowercase of spec.crd.spec.names.kind ({self.kind.lower()!r})")
        self.schema = (crd_spec.get("validation") or {}).get("openAPIV3Schema")
        targets = spec.get("targets") or []
        if len(targets) != 1 or targets[0].get("target") != TARGET:
            raise PolicyError(f"{source}: spec.targets: expected exactly one target {TARGET!r}")
        self.rego, self.libs = _rego_of(targets[0], source)
        self.package = _package_of(self.rego, source)

    def modules(self):
        mods = {f"{self.name}.rego": self.rego}
        for i, lib in enumerate(self.libs):
            mods[f"{self.name}.lib{i}.rego"] = lib
        return mods

    def validate_parameters(self, parameters, where="spec.parameters"):
        """Error messages for parameters that do not match the template's openAPIV3Schema (empty when valid)."""
        if not self.schema or parameters is None:
            return []
        if not HAS_JSONSCHEMA:
            raise PolicyError("the Python package jsonschema is required to check constraint parameters")
        import jsonschema

        validator = jsonschema.Draft7Validator(_structural(self.schema))
        errors = []
        for err in sorted(validator.iter_errors(parameters), key=lambda e: list(e.absolute_path)):
            path = ".".join(str(p) for p in err.absolute_path)
            field = f"{where}.{path}" if path else where
            errors.append(f"{field}={err.instance!r}: expected {_expected(err)} (template {self.name})")
        return errors


def _expected(err):
    if err.validator == "type":
        return f"type {err.validator_value}"
    if err.validator == "enum":
        return f"one of {err.validator_value}"
    return f"{err.validator} {err.validator_value!r}"


def _structural(schema):
    """OpenAPI v3 extensions that jsonschema does not know are dropped; nullable becomes a null type."""
    if isinstance(schema, list):
        return [_structural(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key.startswith("x-kubernetes-"):
            continue
        out[key] = _structural(value) if key in ("properties", "items", "additionalProperties", "anyOf", "oneOf", "allOf", "not") else value
        if key == "properties":
            out[key] = {k: _structural(v) for k, v in value.items()}
    if schema.get("nullable") and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


def _rego_of(target, source):
    if target.get("rego"):
        return target["rego"], list(target.get("libs") or [])
    for code in target.get("code") or []:
        if code.get("engine") == "Rego":
            src = code.get("source") or {}
            if src.get("version") not in (None, "", "v0"):
                raise PolicyError(f"{source}: Rego version {src.get('version')!r}: the tester runs Rego v0 (Gatekeeper's default) only")
            return src.get("rego", ""), list(src.get("libs") or [])
    engines = [c.get("engine") for c in target.get("code") or []]
    raise PolicyError(f"{source}: no Rego in the template (engines {engines}): the tester evaluates Rego only")


def _package_of(rego, source):
    for line in rego.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == "package":
            return words[1]
    raise PolicyError(f"{source}: the Rego has no package line")


def gvk_of(obj):
    group, version = split_api_version(obj.get("apiVersion", ""))
    return {"group": group, "version": version, "kind": obj.get("kind", "")}


def build_review(doc):
    """``input.review`` for a plain object or an AdmissionReview, as Gatekeeper builds it.

    Returns (review, object used for matching). On DELETE the object is the request's oldObject.
    """
    if doc.get("kind") == "AdmissionReview" and str(doc.get("apiVersion", "")).startswith("admission.k8s.io/"):
        request = copy.deepcopy(doc.get("request") or {})
        if request.get("operation") == "DELETE" and not request.get("object"):
            request["object"] = request.get("oldObject")
        obj = request.get("object") or {}
        request.setdefault("userInfo", {})
        if "namespace" not in request and (obj.get("metadata") or {}).get("namespace"):
            request["namespace"] = obj["metadata"]["namespace"]
        return request, obj
    meta = doc.get("metadata") or {}
    review = {"kind": gvk_of(doc), "object": doc, "operation": "", "userInfo": {}}
    if meta.get("name"):
        review["name"] = meta["name"]
    if meta.get("namespace"):
        review["namespace"] = meta["namespace"]
    return review, doc


def build_inventory(objects):
    """``data.inventory`` as Gatekeeper's sync fills it: cluster[gv][kind][name], namespace[ns][gv][kind][name]."""
    inv = {"cluster": {}, "namespace": {}}
    for obj in objects:
        meta = obj.get("metadata") or {}
        gv, kind, name, ns = obj.get("apiVersion", ""), obj.get("kind", ""), meta.get("name", ""), meta.get("namespace")
        root = inv["namespace"].setdefault(ns, {}) if ns else inv["cluster"]
        root.setdefault(gv, {}).setdefault(kind, {})[name] = obj
    return inv


def wildcard_match(pattern, value):
    """Gatekeeper's namespace/name wildcards: a leading and/or trailing '*'."""
    if pattern == "*":
        return True
    if pattern.startswith("*") and pattern.endswith("*") and len(pattern) > 1:
        return pattern[1:-1] in value
    if pattern.endswith("*"):
        return value.startswith(pattern[:-1])
    if pattern.startswith("*"):
        return value.endswith(pattern[1:])
    return value == pattern


def selector_matches(selector, labels):
    """A metav1.LabelSelector against a label map."""
    labels = labels or {}
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        if op == "In" and not (key in labels and labels[key] in values):
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
        if op not in ("In", "NotIn", "Exists", "DoesNotExist"):
            raise PolicyError(f"labelSelector.matchExpressions operator={op!r}: expected one of In, NotIn, Exists, DoesNotExist")
    return True


def matches(match, review, obj, namespaces=None):
    """Whether a constraint's spec.match selects this review (Gatekeeper's matcher, outside Rego).

    ``namespaces``: {name: Namespace object}, needed for namespaceSelector on namespaced objects.
    """
    match = match or {}
    gvk = review.get("kind") or gvk_of(obj)
    meta = obj.get("metadata") or {}
    is_ns = gvk.get("group") == "" and gvk.get("kind") == "Namespace"
    ns_name = meta.get("name", "") if is_ns else (review.get("namespace") or meta.get("namespace") or "")
    kinds = match.get("kinds") or []
    if kinds and not any(_kinds_entry(k, gvk) for k in kinds):
        return False
    scope = match.get("scope") or "*"
    if scope == "Cluster" and ns_name and not is_ns:
        return False
    if scope == "Namespaced" and (not ns_name or is_ns):
        return False
    if match.get("name") and not wildcard_match(match["name"], meta.get("name", "") or review.get("name", "")):
        return False
    scoped = bool(ns_name)
    if scoped and match.get("namespaces") and not any(wildcard_match(p, ns_name) for p in match["namespaces"]):
        return False
    if scoped and any(wildcard_match(p, ns_name) for p in match.get("excludedNamespaces") or []):
        return False
    if match.get("labelSelector") is not None and not selector_matches(match["labelSelector"], meta.get("labels")):
        return False
    if match.get("namespaceSelector") is not None and scoped:
        ns_obj = obj if is_ns else (namespaces or {}).get(ns_name)
        if ns_obj is None:
            raise PolicyError(f"spec.match.namespaceSelector: the Namespace {ns_name!r} is not known (add it to the inventory)")
        if not selector_matches(match["namespaceSelector"], (ns_obj.get("metadata") or {}).get("labels")):
            return False
    return True


def _kinds_entry(entry, gvk):
    groups, kinds = entry.get("apiGroups") or [], entry.get("kinds") or []
    group_ok = not groups or "*" in groups or gvk.get("group", "") in groups
    kind_ok = not kinds or "*" in kinds or gvk.get("kind", "") in kinds
    return group_ok and kind_ok


class Constraint:
    """A constraint object (kind = a template's constraint kind)."""

    def __init__(self, doc, source="constraint"):
        if not isinstance(doc, dict) or not doc.get("kind"):
            raise PolicyError(f"{source}: not a constraint object")
        self.doc = doc
        self.source = source
        self.kind = doc["kind"]
        self.name = (doc.get("metadata") or {}).get("name", "")
        spec = doc.get("spec") or {}
        self.match = spec.get("match") or {}
        self.parameters = spec.get("parameters")
        self.enforcement_action = spec.get("enforcementAction") or "deny"


def validate_constraint(constraint, templates, where=None):
    """Error messages for a constraint Gatekeeper would refuse (no template, bad parameters, action, match)."""
    where = where or f"constraint {constraint.kind}/{constraint.name}"
    errs = []
    template = templates.get(constraint.kind.lower()) if isinstance(templates, dict) else None
    if template is None:
        errs.append(
            f"{where}: kind={constraint.kind!r}: expected the kind of an installed ConstraintTemplate "
            f"({', '.join(sorted(t.kind for t in templates.values())) or 'none'})"
        )
    else:
        errs.extend(f"{where}: {e}" for e in template.validate_parameters(constraint.parameters))
    if constraint.enforcement_action not in ENFORCEMENT_ACTIONS:
        errs.append(f"{where}: spec.enforcementAction={constraint.enforcement_action!r}: expected one of {', '.join(ENFORCEMENT_ACTIONS)}")
    scope = constraint.match.get("scope")
    if scope is not None and scope not in SCOPES:
        errs.append(f"{where}: spec.match.scope={scope!r}: expected one of {', '.join(SCOPES)}")
    return errs


class Evaluator:
    """Evaluates constraints against objects; each template is compiled once (the engine clones it per review)."""

    def __init__(self, engine=None):
        self.engine = engine or default_engine()
        self._compiled = {}

    def compiled(self, template):
        key = (template.name, template.rego, tuple(template.libs))
        if key not in self._compiled:
            self._compiled[key] = self.engine.compile(template.modules(), f"data.{template.package}.violation")
        return self._compiled[key]

    def review(self, template, constraint, doc, inventory=None, namespaces=None):
        """Violations ({msg, details}) of ``doc`` under ``constraint``; [] when spec.match does not select it."""
        review, obj = build_review(doc)
        if not matches(constraint.match, review, obj, namespaces):
            return []
        input_doc = {"review": review, "parameters": constraint.parameters if constraint.parameters is not None else {}}
        data = {"inventory": inventory or {"cluster": {}, "namespace": {}}}
        results = self.compiled(template).violations(input_doc, data)
        return [{"msg": r.get("msg", "") if isinstance(r, dict) else str(r), "details": r.get("details", {}) if isinstance(r, dict) else {}} for r in results]


def raise_if(errors):
    if errors:
        raise ValidationError(errors)
