"""The import graph of plugins/, read with ``ast`` (no plugin is imported): for the layering and architecture tests."""

from __future__ import annotations

import ast
import pathlib

PLUGINS = pathlib.Path(__file__).resolve().parents[2] / "plugins"
PREFIX = "ansible_collections.platform.runtime.plugins"
# What an edge to outside the collection is called in the graph.
EXTERNAL = {"ansible_collections.amazon.aws": "amazon.aws", "boto3": "boto3", "botocore": "botocore"}


def plugin_files():
    """Every Python file under plugins/, as a path relative to it (``module_utils/eks/service.py``)."""
    return sorted(str(p.relative_to(PLUGINS)) for p in PLUGINS.rglob("*.py"))


def _file_of(dotted):
    path = PLUGINS.joinpath(*dotted.split("."))
    return str(path.with_suffix(".py").relative_to(PLUGINS)) if path.with_suffix(".py").is_file() else None


def _external(name):
    return next((label for prefix, label in EXTERNAL.items() if name == prefix or name.startswith(prefix + ".")), None)


def imports_of(relpath):
    """The plugin files and external libraries ``relpath`` imports, at module level or inside functions."""
    out = set()
    for node in ast.walk(ast.parse((PLUGINS / relpath).read_text(), relpath)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(PREFIX + "."):
                base = node.module[len(PREFIX) + 1 :]
                targets = [_file_of(base)] + [_file_of(f"{base}.{alias.name}") for alias in node.names]
                out.update(t for t in targets if t)
            elif _external(node.module):
                out.add(_external(node.module))
        elif isinstance(node, ast.Import):
            out.update(_external(alias.name) for alias in node.names if _external(alias.name))
    return out


def import_graph():
    """``{plugin file: set of imported plugin files and external libraries}``."""
    return {f: imports_of(f) for f in plugin_files()}


def reachable(graph, start):
    """Everything ``start`` imports, directly or through other plugin files."""
    seen, todo = set(), [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def cycles(graph):
    """Every import cycle, each as the list of files around it (empty when there is none)."""
    found, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found
