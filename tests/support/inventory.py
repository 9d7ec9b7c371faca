# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An inventory's group_vars/all as one mapping, and a role's defaults, read as plain YAML (no templating)."""

from __future__ import annotations

import os

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def group_vars(env):
    out = {}
    base = os.path.join(ROOT, "inventories", env, "group_vars", "all")
    for fn in sorted(os.listdir(base)):
        with open(os.path.join(base, fn)) as f:
            out.update(yaml.safe_load(f) or {})
    return out


def role_defaults(role):
    with open(os.path.join(ROOT, "roles", role, "defaults", "main.yml")) as f:
        return yaml.safe_load(f) or {}
