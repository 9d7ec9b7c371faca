"""``patch_module_args`` on every supported ansible-core (2.18 to 2.21).

ansible-core 2.19 added ``ansible.module_utils.testing.patch_module_args``; on 2.18 the module arguments are set the
way that function replaced: as the JSON document ``AnsibleModule`` reads from ``basic._ANSIBLE_ARGS``.
"""

from __future__ import annotations

import contextlib
import json

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core 2.18
    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args=None):
        before = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode("utf-8")
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = before


__all__ = ["patch_module_args"]
