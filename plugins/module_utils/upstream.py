# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading the pinned upstream data (CRDs, install manifests, chart values) and CRD compatibility.

The data is never copied into the collection. Which files it is, where they come from and how they are verified:
upstream_pins and upstream_store (the platform_upstream role); this module only reads a directory it is given.
"""

from __future__ import annotations

import copy
import os

try:
    import yaml

    HAS_YAML = True
except ImportError:  # pragma: no cover
    HAS_YAML = False

# The collection's own root (its policies/ directory is read from here).
COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


if HAS_YAML:

    class UpstreamLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        """SafeLoader that reads the YAML 1.1 ``=`` value-key scalar as the string "="."""

    # prometheus-operator's AlertmanagerConfig CRD has an enum item `=`, which
    # PyYAML resolves to tag:yaml.org,2002:value and safe_load cannot construct.
    UpstreamLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def load_documents(path_or_text):
    """All non-empty YAML documents from a file path or a YAML string."""
    if not HAS_YAML:
        raise RuntimeError("PyYAML is required")
    if os.path.exists(str(path_or_text)) and "\n" not in str(path_or_text):
        with open(path_or_text, "rb") as f:
            text = f.read()
    else:
        text = path_or_text
    return [d for d in yaml.load_all(text, Loader=UpstreamLoader) if d]


def iter_upstream_files(upstream_dir, suffixes=(".yaml", ".yml")):
    for dirpath, dirnames, filenames in os.walk(upstream_dir):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(suffixes):
                yield os.path.join(dirpath, fn)


# Chart templates are Go templates, not YAML, and the policy library holds ConstraintTemplates only.
_NOT_CRD_DIRS = ("templates", "files", "library", "samples")


def load_crds(upstream_dir):
    """Every CustomResourceDefinition under ``upstream_dir`` as (file, crd), once per CRD name.

    Plain YAML files only: chart ``templates/`` (Go templates), ``values.yaml`` and the policy library are
    skipped. A CRD that appears twice (a chart's ``crds/`` and the install manifest) is kept from the first
    file in sorted order.
    """
    out, seen = [], set()
    for path in iter_upstream_files(upstream_dir):
        parts = os.path.relpath(path, upstream_dir).split(os.sep)
        if os.path.basename(path) == "values.yaml" or any(p in _NOT_CRD_DIRS for p in parts[:-1]):
            continue
        for doc in load_documents(path):
            if isinstance(doc, dict) and doc.get("kind") == "CustomResourceDefinition":
                name = doc.get("metadata", {}).get("name")
                if name not in seen:
                    seen.add(name)
                    out.append((path, doc))
    return out


def parse_server_minor(version_info):
    """(major, minor) from a /version dict such as {'major': '1', 'minor': '20+'}."""
    major = int("".join(ch for ch in str(version_info.get("major", "0")) if ch.isdigit()) or 0)
    minor = int("".join(ch for ch in str(version_info.get("minor", "0")) if ch.isdigit()) or 0)
    return major, minor


# What each server generation rejects in today's CRDs, and the first version that accepts it.
VALIDATIONS_SINCE = (1, 25)  # x-kubernetes-validations, default: "" on strings
SELECTABLE_FIELDS_SINCE = (1, 31)  # spec.versions[].selectableFields (beta, on by default, in 1.31)


def needs_crd_compat(server_version):
    """True for servers older than 1.31, which reject something in today's CRDs (see strip_crd_for_legacy_server)."""
    return tuple(server_version) < SELECTABLE_FIELDS_SINCE


def strip_crd_for_legacy_server(crd, server_version=(1, 20)):
    """Return (copy of crd, dropped) without ``x-kubernetes-validations`` and ``default: ""`` on strings.

    A ``x-kubernetes-list-type: map`` list whose map key lost its ``default: ""`` (and is not required) becomes an
    atomic list: older servers refuse a map key with neither a default nor ``required``.
    Servers older than 1.31 do not know ``spec.versions[].selectableFields``; it is dropped for them too.
    ``dropped`` lists the JSON paths that were removed or changed, so the caller can warn.
    """
    crd = copy.deepcopy(crd)
    dropped = []
    if tuple(server_version) < SELECTABLE_FIELDS_SINCE:
        for i, version in enumerate(crd.get("spec", {}).get("versions", []) or []):
            if version.pop("selectableFields", None) is not None:
                dropped.append(f"spec.versions[{i}]({version.get('name')}).selectableFields")
    if tuple(server_version) >= VALIDATIONS_SINCE:
        return crd, dropped

    def walk(node, path):
        if isinstance(node, dict):
            if "x-kubernetes-validations" in node:
                dropped.append(path + ".x-kubernetes-validations")
                del node["x-kubernetes-validations"]
            if node.get("type") == "string" and node.get("default", None) == "":
                dropped.append(path + ".default")
                del node["default"]
            for k, v in node.items():
                walk(v, f"{path}.{k}")
            items = node.get("items") if node.get("x-kubernetes-list-type") == "map" else None
            if isinstance(items, dict):
                props, required = items.get("properties") or {}, set(items.get("required") or [])
                keys = node.get("x-kubernetes-list-map-keys") or []
                if any(k not in required and "default" not in (props.get(k) or {}) for k in keys):
                    dropped.append(path + ".x-kubernetes-list-type")
                    node["x-kubernetes-list-type"] = "atomic"
                    node.pop("x-kubernetes-list-map-keys", None)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    for i, version in enumerate(crd.get("spec", {}).get("versions", []) or []):
        schema = version.get("schema")
        if schema:
            walk(schema, f"spec.versions[{i}]({version.get('name')}).schema")
    return crd, dropped


def compat_warning(crd, dropped):
    name = crd.get("metadata", {}).get("name", "?")
    validations = sum(1 for d in dropped if d.endswith("x-kubernetes-validations"))
    lists = sum(1 for d in dropped if d.endswith("x-kubernetes-list-type"))
    selectable = sum(1 for d in dropped if d.endswith("selectableFields"))
    defaults = len(dropped) - validations - lists - selectable
    parts = []
    if validations or defaults or lists:
        parts.append(f"older than 1.25, dropped {validations} x-kubernetes-validations rule set(s) and {defaults} empty-string default(s)")
        if lists:
            parts.append(f"{lists} map list(s) whose key lost its default made atomic")
    if selectable:
        parts.append(f"{'' if parts else 'older than 1.31, '}dropped selectableFields of {selectable} version(s) (needs 1.31+)")
    return f"CRD {name}: server is " + "; ".join(parts)
