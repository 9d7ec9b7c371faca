"""What the site.yml tests share."""

from __future__ import annotations

import os

from ansible_collections.platform.runtime.plugins.module_utils.platform import COMPONENTS

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def installed_components():
    """Flux plus the components whose roles are in this checkout (the others land from their own branches)."""
    return ["flux"] + [c for c in COMPONENTS if c != "flux" and os.path.isdir(os.path.join(ROOT, "roles", c))]
