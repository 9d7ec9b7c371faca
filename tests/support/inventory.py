# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An inventory's group_vars/all as one mapping, and a role's defaults, read as plain YAML (strings with {{ }} rendered from the same variables)."""

from __future__ import annotations

import os

import jinja2
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _render(node, context):
    """Strings with ``{{ }}`` rendered with the inventory's own variables (what Ansible does lazily)."""
    if isinstance(node, dict):
        return {k: _render(v, context) for k, v in node.items()}
    if isinstance(node, list):
        return [_render(v, context) for v in node]
    if isinstance(node, str) and "{{" in node:
        return jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(node).render(**context)
    return node


def group_vars(env):
    out = {}
    base = os.path.join(ROOT, "inventories", env, "group_vars", "all")
    for fn in sorted(os.listdir(base)):
        with open(os.path.join(base, fn)) as f:
            out.update(yaml.safe_load(f) or {})
    return _render(out, out)


def role_defaults(role):
    with open(os.path.join(ROOT, "roles", role, "defaults", "main.yml")) as f:
        return yaml.safe_load(f) or {}
