"""The tests read as well as the code: shared helpers live in tests/support and are imported one way, and no test
module imports another (an ``ast`` walk of tests/)."""

from __future__ import annotations

import ast
import pathlib

import pytest

TESTS = pathlib.Path(__file__).resolve().parents[1]
SUPPORT = "ansible_collections.platform.runtime.tests.support"
# Helpers that were copied between test modules once; their one home is tests/support.
SHARED_HELPERS = ("wait_until", "onboarding_runner", "istio_releases", "gatekeeper_settings", "run_module")


def python_files():
    return sorted(p for p in TESTS.rglob("*.py") if "output" not in p.relative_to(TESTS).parts)


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(TESTS)))
def test_imports_no_test_module_and_support_one_way(path):
    names = set(imported_modules(path))
    assert sorted(n for n in names if n.rsplit(".", 1)[-1].startswith("test_")) == []
    assert sorted(n for n in names if n == "support" or n.startswith("support.")) == [], f"import helpers as {SUPPORT}.<module>"


def test_shared_helpers_are_defined_only_in_support():
    defined = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name in SHARED_HELPERS:
                defined.setdefault(node.name, []).append(str(path.relative_to(TESTS)))
    assert {name: [p for p in paths if not p.startswith("support/")] for name, paths in defined.items()} == dict.fromkeys(defined, [])
    assert sorted(defined) == sorted(SHARED_HELPERS)
