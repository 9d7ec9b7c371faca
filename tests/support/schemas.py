# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Schema checks for rendered objects: built-in kinds with kubernetes-validate (strict), custom resources with
jsonschema against their CRD's openAPIV3Schema made strict (unknown fields rejected).

The API server prunes unknown fields of custom resources silently, so a misspelt field would pass an apply; here
``additionalProperties: false`` is added wherever a schema lists ``properties`` and does not say
``x-kubernetes-preserve-unknown-fields``.
"""

from __future__ import annotations

import jsonschema
import kubernetes_validate


def strict(node):
    if isinstance(node, dict):
        node = {k: strict(v) for k, v in node.items()}
        if "properties" in node and not node.get("x-kubernetes-preserve-unknown-fields") and "additionalProperties" not in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [strict(v) for v in node]
    return node


def crd_validators(crds):
    """{(apiVersion, kind): Draft7Validator} for every served version of every CRD."""
    out = {}
    for crd in crds:
        spec = crd["spec"]
        for version in spec["versions"]:
            schema = (version.get("schema") or {}).get("openAPIV3Schema")
            if schema:
                schema = strict(schema)
                # The server always accepts the object's own header; CRD schemas rarely list it.
                schema.setdefault("properties", {}).update({"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "metadata": {"type": "object"}})
                out[(f"{spec['group']}/{version['name']}", spec["names"]["kind"])] = jsonschema.Draft7Validator(schema)
    return out


def describe(obj):
    meta = obj.get("metadata") or {}
    where = f"{meta.get('namespace')}/" if meta.get("namespace") else ""
    return f"{obj.get('kind')} {where}{meta.get('name')}"


def validate_custom(objects, crds):
    """Errors of the custom resources among ``objects`` (those whose kind a CRD in ``crds`` defines)."""
    validators = crd_validators(crds) if not isinstance(crds, dict) else crds
    errors = []
    for obj in objects:
        validator = validators.get((obj.get("apiVersion"), obj.get("kind")))
        if validator is None:
            continue
        for e in sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path)):
            errors.append(f"{describe(obj)}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}")
    return errors


def validate_k8s(objects, version="1.34", crds=()):
    """Errors of ``objects`` against the Kubernetes ``version`` schemas (strict) and, for custom resources, ``crds``.

    A kind that neither kubernetes-validate nor ``crds`` knows is an error too: nothing passes unchecked.
    """
    validators = crd_validators(crds)
    errors = []
    for obj in objects:
        if (obj.get("apiVersion"), obj.get("kind")) in validators:
            errors += validate_custom([obj], validators)
            continue
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as e:
            errors.append(f"{describe(obj)}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message}")
        except kubernetes_validate.SchemaNotFoundError:
            errors.append(f"{describe(obj)}: no schema for {obj.get('apiVersion')} {obj.get('kind')} in Kubernetes {version} or the given CRDs")
    return errors
