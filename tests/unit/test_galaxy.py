"""galaxy.yml and meta/runtime.yml say what the collection needs (issue 25).

The collections the content uses are derived from the content itself: module names and ``module_defaults`` groups in
tasks, roles and playbooks named by FQCN, lookups, filters and tests in Jinja expressions, ``ansible_collections.X.Y``
imports and doc fragments in plugins, and action groups in meta/runtime.yml.
"""

from __future__ import annotations

import ast
import json
import os
import re

import pytest
import yaml
from ansible.module_utils.compat.version import LooseVersion
from ansible.release import __version__ as ansible_core_version

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FQCN = r"([a-z0-9_]+)\.([a-z0-9_]+)\.([a-z0-9_]+)"
OWN = {"ansible.builtin", "ansible.legacy", "platform.runtime"}
TASK_LISTS = ("tasks", "pre_tasks", "post_tasks", "handlers", "block", "rescue", "always")
JINJA = [
    re.compile(r"\b(?:lookup|query|q)\(\s*['\"]" + FQCN + r"['\"]"),  # lookups
    re.compile(r"\|\s*" + FQCN + r"\b"),  # filters
    re.compile(r"\bis\s+(?:not\s+)?" + FQCN + r"\b"),  # tests
]


def _collection(fqcn):
    m = re.fullmatch(r"(?:group/)?" + FQCN, fqcn or "")
    return f"{m.group(1)}.{m.group(2)}" if m else None


def _files(top, exts):
    for dirpath, _dirs, files in os.walk(os.path.join(ROOT, top)):
        for f in sorted(files):
            if f.endswith(exts):
                yield os.path.join(dirpath, f)


def _tasks_uses(tasks, where, found):
    """Collections named by a list of tasks or plays (and their blocks), as ``{collection: {where: names}}``."""
    for task in tasks if isinstance(tasks, list) else []:
        if not isinstance(task, dict):
            continue
        for key, value in task.items():
            if key in TASK_LISTS:
                _tasks_uses(value, where, found)
            elif key == "roles":
                for role in value or []:
                    _add(found, role.get("role", role.get("name")) if isinstance(role, dict) else role, where)
            elif key == "module_defaults":
                for group in value or {}:
                    _add(found, group, where)
            elif key == "collections":
                for c in value or []:
                    found.setdefault(c, set()).add(where)
            elif _collection(key):
                _add(found, key, where)
                if key.endswith((".include_role", ".import_role")) and isinstance(value, dict):
                    _add(found, value.get("name"), where)
                if key.endswith(".import_playbook"):
                    _add(found, value, where)


def _add(found, name, where):
    c = _collection(name if isinstance(name, str) else None)
    if c:
        found.setdefault(c, set()).add(f"{where}: {name}")


def used_collections():
    found = {}
    for path in [*_files("roles", (".yml", ".yaml", ".j2")), *_files("playbooks", (".yml", ".yaml", ".j2"))]:
        rel = os.path.relpath(path, ROOT)
        with open(path) as f:
            text = f.read()
        for rx in JINJA:
            for m in rx.finditer(text):
                _add(found, ".".join(m.groups()), rel)
        parts = rel.split(os.sep)
        if path.endswith((".yml", ".yaml")) and (parts[0] == "playbooks" or (len(parts) > 3 and parts[2] in ("tasks", "handlers"))):
            _tasks_uses(yaml.safe_load(text), rel, found)
    for path in _files("plugins", (".py",)):
        rel = os.path.relpath(path, ROOT)
        with open(path) as f:
            text = f.read()
        for m in re.finditer(r"^\s*(?:from|import)\s+ansible_collections\.([a-z0-9_]+)\.([a-z0-9_]+)", text, re.M):
            found.setdefault(f"{m.group(1)}.{m.group(2)}", set()).add(f"{rel}: import")
        for node in ast.parse(text).body:
            if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["DOCUMENTATION"]:
                doc = yaml.safe_load(node.value.value) or {}
                for frag in doc.get("extends_documentation_fragment") or []:
                    _add(found, frag, rel)
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as f:
        runtime = yaml.safe_load(f)
    for group, members in (runtime.get("action_groups") or {}).items():
        for member in members:
            if isinstance(member, dict):
                _add(found, (member.get("metadata") or {}).get("extend_group"), f"meta/runtime.yml: {group}")
            else:
                _add(found, member, f"meta/runtime.yml: {group}")
    return {c: w for c, w in found.items() if c not in OWN}


def _galaxy():
    with open(os.path.join(ROOT, "galaxy.yml")) as f:
        return yaml.safe_load(f)


def test_the_derivation_sees_what_the_roles_and_plugins_use():
    """The scan is not blind: the uses the issue names are found where they are."""
    used = used_collections()
    assert any("s3_lifecycle" in w for w in used["community.aws"])
    assert any(w.endswith("group/kubernetes.core.k8s") for w in used["kubernetes.core"])
    assert any(w.endswith(": import") and w.startswith("plugins/") for w in used["amazon.aws"])
    assert "community.general" not in used


def test_dependencies_are_exactly_the_collections_used():
    used = used_collections()
    declared = set(_galaxy()["dependencies"])
    assert declared == set(used), {
        "used, not declared": {c: sorted(used[c])[:3] for c in set(used) - declared},
        "declared, not used": sorted(declared - set(used)),
    }


def _installed_version(collection):
    import ansible_collections

    ns, name = collection.split(".")
    for base in ansible_collections.__path__:
        manifest = os.path.join(base, ns, name, "MANIFEST.json")
        if os.path.isfile(manifest):
            with open(manifest) as f:
                return json.load(f)["collection_info"]["version"]
    return None


def _admits(spec, version):
    ops = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, "==": lambda a, b: a == b}
    for clause in spec.split(","):
        m = re.fullmatch(r"\s*(>=|<=|==|>|<)\s*([0-9][0-9.]*)\s*", clause)
        assert m, f"unexpected version clause {clause!r} in {spec!r}"
        if not ops[m.group(1)](LooseVersion(version), LooseVersion(m.group(2))):
            return False
    return True


@pytest.mark.parametrize("collection", sorted(_galaxy()["dependencies"]))
def test_each_dependency_range_admits_the_version_tested_here(collection):
    """Run on every Ansible of the matrix (scripts/ansible-matrix.sh): the bundled version must be in range."""
    spec = _galaxy()["dependencies"][collection]
    assert re.search(r"<\s*[0-9]", spec), f"{collection}: {spec!r} has no upper bound (a new major may break the roles)"
    version = _installed_version(collection)
    assert version, f"{collection} is not installed next to ansible-core {ansible_core_version}"
    assert _admits(spec, version), f"{collection} {version} (bundled here, ansible-core {ansible_core_version}) is outside {spec!r}"


def test_requires_ansible_is_the_tested_range():
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as f:
        spec = yaml.safe_load(f)["requires_ansible"]
    assert spec == ">=2.18.0,<2.22"
    assert _admits(spec, ansible_core_version)
    assert not _admits(spec, "2.17.14") and not _admits(spec, "2.22.0")


def test_build_ignore_keeps_test_only_files_out():
    ignore = set(_galaxy()["build_ignore"])
    # The sample inventories ship (platform.runtime.init starts from them), but not the test-only one.
    assert {"tests", "molecule", "benchmarks", "scripts", "inventories/local-multi", "requirements-test.txt"} <= ignore
    kept = ("docs", "roles", "plugins", "playbooks", "meta", "policies", "bindep.txt", "requirements-ee.txt", "changelogs", "README.md")
    assert not ignore & set(kept)
