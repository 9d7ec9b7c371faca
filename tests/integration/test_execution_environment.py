"""The execution environment (issue 25): `ansible-builder create` on docs/execution-environment.yml, then the step of
the image build that reads the collection's meta/execution-environment.yml, run here on the built artifact.

ansible-builder 3.2.0 is installed from PyPI into a cached venv outside the repository
(``~/.cache/platform-runtime/ansible-builder-3.2.0``). Building the image itself needs podman or docker, which this
machine lacks: the test stops at the build context and at the introspection the image's builder stage runs
(``introspect.py introspect --write-pip --write-bindep`` over the installed collections).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

BUILDER_VERSION = "3.2.0"
_PRINT_EXCLUDED = "import sys; sys.path.insert(0, sys.argv[1]); import introspect; print(*introspect.EXCLUDE_REQUIREMENTS)"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "platform-runtime")
BUILDER_VENV = os.path.join(CACHE, f"ansible-builder-{BUILDER_VERSION}")
# What must never be in the image: the test bed.
TEST_BED = ("etcd", "etcd-server", "golang", "golang-go", "chromium", "chromium-headless", "kubernetes", "kind", "docker")


def _pins(path):
    """{name: line} of the requirement lines of ``path`` (comments and blanks dropped, names normalised)."""
    pins = {}
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                name = re.split(r"[=<>!~\[; ]", line, maxsplit=1)[0]
                pins[re.sub(r"[-_.]+", "-", name).lower()] = line.replace(" ", "")
    return pins


@pytest.fixture(scope="module")
def builder():
    exe = os.path.join(BUILDER_VENV, "bin", "ansible-builder")
    if os.access(exe, os.X_OK):
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout.strip()
        if out == BUILDER_VERSION:
            return BUILDER_VENV
    shutil.rmtree(BUILDER_VENV, ignore_errors=True)
    base = getattr(sys, "_base_executable", sys.executable)
    steps = [
        [base, "-m", "venv", BUILDER_VENV],
        [os.path.join(BUILDER_VENV, "bin", "python"), "-m", "pip", "install", "-q", f"ansible-builder=={BUILDER_VERSION}"],
    ]
    for cmd in steps:
        r = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=600)
        if r.returncode:
            shutil.rmtree(BUILDER_VENV, ignore_errors=True)
            (pytest.fail if IN_CI else pytest.skip)(
                f"ansible-builder {BUILDER_VERSION} could not be installed from PyPI ({' '.join(cmd[-3:])}): {r.stderr.strip()[-400:]}"
            )
    return BUILDER_VENV


@pytest.fixture(scope="module")
def artifact(tmp_path_factory):
    out = tmp_path_factory.mktemp("artifact")
    subprocess.run(["ansible-galaxy", "collection", "build", "--output-path", str(out), ROOT], check=True, capture_output=True)
    (path,) = glob.glob(str(out / "platform-runtime-*.tar.gz"))
    return path


def test_the_artifact_carries_the_ee_metadata_and_no_tests(artifact):
    with tarfile.open(artifact) as tar:
        names = set(tar.getnames())
    assert {"meta/execution-environment.yml", "requirements-ee.txt", "bindep.txt", "docs/execution-environment.yml"} <= names
    assert not [n for n in names if n == "tests" or n.startswith("tests/")]
    assert "requirements.txt" not in names  # the checkout's pins, with the ansible package: not the EE's


def test_ansible_builder_create_and_the_introspection_of_the_built_collection(builder, artifact, tmp_path):
    # 1. the build context, from the definition the docs give
    context = tmp_path / "context"
    r = subprocess.run(
        [os.path.join(builder, "bin", "ansible-builder"), "create", "-f", os.path.join(ROOT, "docs", "execution-environment.yml"), "-c", str(context)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    (containerfile,) = [p for p in (context / "Containerfile", context / "Dockerfile") if p.is_file()]
    text = containerfile.read_text()
    assert 'ARG ANSIBLE_INSTALL_REFS="ansible-core==2.21.6 ansible-runner"' in text
    assert "introspect.py introspect --write-bindep=/tmp/src/bindep.txt --write-pip=/tmp/src/requirements.txt" in text
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert galaxy == {"collections": [{"name": "platform.runtime", "version": "0.1.0"}]}

    # 2. the image's galaxy stage: the collection installed under a collections path (its galaxy.yml dependencies
    #    come from Galaxy in a real build; not reachable here, and not what this test checks)
    collections = tmp_path / "collections"
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections))  # not the checkout's link (ansible.cfg)
    env.pop("ANSIBLE_CONFIG", None)
    subprocess.run(
        ["ansible-galaxy", "collection", "install", "--no-deps", "-p", str(collections), artifact], check=True, capture_output=True, env=env, cwd=tmp_path
    )
    assert (collections / "ansible_collections" / "platform" / "runtime" / "MANIFEST.json").is_file()

    # 3. the builder stage's introspection, with the context's own script
    pip_out, bindep_out = tmp_path / "requirements.txt", tmp_path / "bindep.txt"
    r = subprocess.run(
        [
            os.path.join(builder, "bin", "python"),
            str(context / "_build" / "scripts" / "introspect.py"),
            "introspect",
            f"--write-pip={pip_out}",
            f"--write-bindep={bindep_out}",
            str(collections),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr

    # the Python requirements are requirements.txt's runtime pins and the AWS CLI, less what ansible-builder always
    # brings itself (its EXCLUDE_REQUIREMENTS: ansible-core, PyYAML, ...) and the ansible package
    excluded = subprocess.run(
        [
            os.path.join(builder, "bin", "python"),
            "-c",
            _PRINT_EXCLUDED,
            str(context / "_build" / "scripts"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "pyyaml" in excluded
    runtime = _pins(os.path.join(ROOT, "requirements.txt"))
    assert runtime.pop("ansible").startswith("ansible==")
    runtime = {name: pin for name, pin in runtime.items() if name not in excluded}
    want = dict(runtime, awscli=_pins(os.path.join(ROOT, "requirements-test.txt"))["awscli"])
    assert _pins(pip_out) == want

    # bindep lists what the collection runs, and nothing of the test bed
    system = [line.split("#", 1)[0].strip() for line in bindep_out.read_text().splitlines() if line.split("#", 1)[0].strip()]
    packages = {line.split()[0] for line in system}
    assert "graphviz" in packages
    assert not packages & set(TEST_BED)
    # on this (Debian) machine, bindep resolves the file to the package that installs `dot`, which the report runs
    dot = shutil.which("dot")
    if dot and shutil.which("dpkg"):
        owner = subprocess.run(["dpkg", "-S", dot], capture_output=True, text=True, check=True).stdout.split(":")[0]
        resolved = subprocess.run([os.path.join(builder, "bin", "bindep"), "-f", str(bindep_out), "-l", "newline"], capture_output=True, text=True, check=True)
        assert owner in resolved.stdout.split(), (dot, owner, resolved.stdout)


def test_the_collection_meta_file_is_valid_for_ansible_builder_3(builder):
    """meta/execution-environment.yml validates against ansible-builder 3's schema and names files that exist."""
    code = (
        "import sys, yaml; from ansible_builder.ee_schema import validate_schema; "
        "d = yaml.safe_load(open(sys.argv[1])); validate_schema(d); print(d['version'])"
    )
    r = subprocess.run(
        [os.path.join(builder, "bin", "python"), "-c", code, os.path.join(ROOT, "meta", "execution-environment.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0 and r.stdout.strip() == "3", r.stdout + r.stderr
    with open(os.path.join(ROOT, "meta", "execution-environment.yml")) as f:
        deps = yaml.safe_load(f)["dependencies"]
    assert os.path.isfile(os.path.join(ROOT, deps["python"])) and os.path.isfile(os.path.join(ROOT, deps["system"]))
