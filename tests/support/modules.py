"""Run a module's main() (or any code that builds an AnsibleModule) in-process and get its result.

The real AnsibleModule parses and validates the arguments; only exit_json and fail_json are replaced, so that the
result comes back as a dict instead of being printed before the process exits.
"""

from __future__ import annotations

import pytest
from ansible.module_utils import basic

from ansible_collections.platform.runtime.tests.support.module_args import patch_module_args


class ModuleExit(Exception):
    """exit_json or fail_json was called; ``result`` is what the module returned (``failed`` set by fail_json)."""

    def __init__(self, result):
        super().__init__(result)
        self.result = result


def _exit_json(self, **kwargs):
    kwargs.setdefault("changed", False)
    raise ModuleExit(kwargs)


def _fail_json(self, msg, **kwargs):
    raise ModuleExit(dict(kwargs, failed=True, msg=msg))


def run_module(monkeypatch, main, args, check_mode=False, diff=False):
    """The result of ``main()`` run with module arguments ``args`` (and check mode / diff as asked)."""
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", _exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", _fail_json)
    with patch_module_args(dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)), pytest.raises(ModuleExit) as raised:
        main()
    return raised.value.result
