"""The layering of plugins/, checked on the import graph (an ``ast`` walk; nothing is imported) and on module mains.

- No import cycle.
- The Kubernetes layer knows nothing of AWS: kube.py, and every file that builds on it, reaches no AWS module
  (aws.py, eks/, amazon.aws, boto3, botocore). Credential providers register with the client instead
  (credentials.py, the one place that plugs the EKS token provider into it).
- Builder modules (pure data in, data out) import no client module.
- Every module's main() is at most 15 lines: the argument spec plus one runner call.
"""

from __future__ import annotations

import ast

import pytest

from ansible_collections.platform.runtime.tests.support.plugin_graph import PLUGINS, cycles, import_graph, reachable

GRAPH = import_graph()

AWS = {"module_utils/aws.py", "amazon.aws", "boto3", "botocore"} | {f for f in GRAPH if f.startswith("module_utils/eks/")}
# Composes the layers on purpose: registers the EKS token provider with the Kubernetes client.
COMPOSITION = {"module_utils/credentials.py"}
KUBERNETES = {"module_utils/kube.py"} | {f for f, deps in GRAPH.items() if "module_utils/kube.py" in deps and f.startswith("module_utils/")} - COMPOSITION
CLIENTS = {
    "module_utils/kube.py",
    "module_utils/aws.py",
    "module_utils/credentials.py",
    "module_utils/eks/auth.py",
    "module_utils/eks/service.py",
    "module_utils/policy/service.py",
    "module_utils/onboarding_service.py",
    "module_utils/kind_service.py",
    "module_utils/flux_installer.py",
}
BUILDERS = [
    "module_utils/alerting.py",
    "module_utils/backup.py",
    "module_utils/cert_manager.py",
    "module_utils/eks/access.py",
    "module_utils/eks/plans.py",
    "module_utils/flux.py",
    "module_utils/helm_values.py",
    "module_utils/kind.py",
    "module_utils/mesh/analyzer.py",
    "module_utils/mesh/builders.py",
    "module_utils/mesh/traffic.py",
    "module_utils/monitoring.py",
    "module_utils/objects.py",
    "module_utils/onboarding.py",
    "module_utils/platform.py",
    "module_utils/policy/builders.py",
    "module_utils/policy/engine.py",
    "module_utils/site.py",
    "module_utils/validation.py",
]
MAIN_MAX_LINES = 15


def test_the_graph_sees_the_imports():
    """Guards the walk itself: known edges, lazy imports inside functions included."""
    assert "module_utils/kube.py" in GRAPH["module_utils/manifests.py"]
    assert {"module_utils/eks/auth.py", "module_utils/kube.py"} <= GRAPH["module_utils/credentials.py"]
    assert "module_utils/aws.py" in GRAPH["module_utils/eks/auth.py"]  # imported inside sts_client()
    assert "amazon.aws" in GRAPH["module_utils/aws.py"]
    assert "module_utils/policy/service.py" in GRAPH["module_utils/policy/preflight.py"]  # lazy


def test_no_import_cycle():
    assert cycles(GRAPH) == []


def test_cycle_detection_finds_a_cycle():
    assert cycles({"a.py": {"b.py"}, "b.py": {"c.py"}, "c.py": {"a.py"}, "d.py": {"a.py"}}) == [["a.py", "b.py", "c.py", "a.py"]]


def test_kubernetes_layer_is_found():
    assert {"module_utils/kube.py", "module_utils/manifests.py", "module_utils/onboarding_service.py"} <= KUBERNETES


@pytest.mark.parametrize("path", sorted(KUBERNETES))
def test_kubernetes_layer_reaches_no_aws_module(path):
    assert sorted(reachable(GRAPH, path) & AWS) == []


@pytest.mark.parametrize("path", BUILDERS)
def test_builder_imports_no_client_module(path):
    assert path in GRAPH, f"{path} does not exist: update BUILDERS"
    assert sorted(reachable(GRAPH, path) & CLIENTS) == []


def _main(path):
    tree = ast.parse(path.read_text())
    return next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main"), None)


@pytest.mark.parametrize("path", sorted(p.name for p in (PLUGINS / "modules").glob("*.py")))
def test_module_main_is_the_spec_and_one_runner_call(path):
    main = _main(PLUGINS / "modules" / path)
    assert main is not None, f"{path} has no main()"
    lines = main.end_lineno - main.lineno + 1
    assert lines <= MAIN_MAX_LINES, f"{path}: main() is {lines} lines"
    source = (PLUGINS / "modules" / path).read_text()
    assert "ARGUMENT_SPEC = " in source and "argument_spec=ARGUMENT_SPEC" in ast.get_source_segment(source, main)
    runs = [n for n in ast.walk(main) if isinstance(n, ast.Call) and ast.unparse(n.func) == "runner.run"]
    assert len(runs) == 1, f"{path}: main() should end in one runner.run call"
