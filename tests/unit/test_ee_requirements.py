"""The execution environment's requirement files stay equal to the runtime pins (issue 25).

tests/integration/test_execution_environment.py runs ansible-builder itself on the built collection.
"""

from __future__ import annotations

import os
import re

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TEST_BED = {"etcd", "etcd-server", "golang", "golang-go", "chromium", "chromium-headless", "kubernetes", "kind", "docker"}


def _lines(name):
    with open(os.path.join(ROOT, name)) as f:
        return [line.split("#", 1)[0].strip() for line in f if line.split("#", 1)[0].strip()]


def _pins(name):
    return {re.split(r"[=<>!~\[; ]", line, maxsplit=1)[0].lower(): line for line in _lines(name) if not line.startswith("-")}


def test_ee_python_requirements_are_the_runtime_pins_and_the_aws_cli():
    runtime = _pins("requirements.txt")
    assert runtime.pop("ansible").startswith("ansible==")
    assert _pins("requirements-ee.txt") == dict(runtime, awscli=_pins("requirements-test.txt")["awscli"])


def test_the_meta_file_names_the_shipped_files_and_bindep_has_no_test_bed():
    with open(os.path.join(ROOT, "meta", "execution-environment.yml")) as f:
        meta = yaml.safe_load(f)
    assert meta["version"] == 3
    assert meta["dependencies"] == {"python": "requirements-ee.txt", "system": "bindep.txt"}
    packages = {line.split()[0] for line in _lines("bindep.txt")}
    assert "graphviz" in packages
    assert not packages & TEST_BED
