# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the collection names a Kubernetes object: pure functions over the object (no client), for builders and flows."""

from __future__ import annotations


def obj_ref(obj):
    """``Kind/namespace/name`` (``Kind/name`` for a cluster-scoped object), as results and messages show it."""
    md = obj.get("metadata", {})
    ns = md.get("namespace")
    return f"{obj.get('kind')}/{((ns + '/') if ns else '')}{md.get('name')}"


def obj_key(obj):
    """``(apiVersion, kind, namespace or "", name)``: the identity of an object in indexes and sets."""
    md = obj.get("metadata", {})
    return (obj.get("apiVersion"), obj.get("kind"), md.get("namespace") or "", md.get("name"))
