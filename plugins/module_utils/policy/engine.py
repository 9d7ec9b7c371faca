# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Rego engine behind the policy tester, kept behind a two-method interface.

``compile(modules) -> CompiledPolicy`` and ``CompiledPolicy.violations(input, data) -> list``.
The only implementation is regorus (the ``gordon-to-regorus`` wheel), which runs Gatekeeper's v0
Rego unmodified; docs/policy.md records why it was chosen and how it agrees with Gatekeeper.

Where regorus is known to differ from OPA (Gatekeeper's engine), ``check_supported`` refuses the
template instead of letting the tester give a wrong verdict.
"""

from __future__ import annotations

import json
import re

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError

try:
    import regorus

    HAS_REGORUS = True
except ImportError:  # pragma: no cover - reported by the callers with missing_required_lib
    HAS_REGORUS = False

ENGINE_PACKAGE = "gordon-to-regorus"


class EngineError(PlatformError):
    """The Rego engine rejected a module or failed while evaluating."""


class UnsupportedConstruct(PlatformError):
    """The template uses a construct on which the engine is known to differ from Gatekeeper."""


# Constructs on which the engine differs from OPA/Gatekeeper, each with a detector over the Rego
# source (comments stripped) and the reason. Found by running the whole pinned library (docs/policy.md).
UNSUPPORTED = (
    (
        re.compile(r"\bexternal_data\s*\("),
        "external_data (Gatekeeper's external data providers) needs a provider that only a cluster has",
    ),
    (
        re.compile(r"\bhttp\.send\s*\("),
        "http.send is disabled in Gatekeeper",
    ),
)


def _mask(source):
    """The source with comment text blanked and string contents replaced by 'x' (same length, quotes kept)."""
    out = list(source)
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "#":
            while i < n and source[i] != "\n":
                out[i] = " "
                i += 1
            continue
        if ch in '"`':
            quote, i = ch, i + 1
            while i < n and source[i] != quote:
                if quote == '"' and source[i] == "\\":
                    out[i] = "x"
                    i += 1
                if i < n and source[i] != "\n":
                    out[i] = "x"
                i += 1
        i += 1
    return "".join(out)


_CLOSE = {"(": ")", "[": "]", "{": "}"}
_LITERAL = re.compile(r'^(?:"x*"|`x*`|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)$')
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\(")
_INDEX = re.compile(r"[A-Za-z0-9_\])]\[")
_NOT = re.compile(r"(?<![A-Za-z0-9_.])not\s+")


def _closing(text, open_at):
    """Index of the bracket closing the one at ``open_at``."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] in "([{":
            depth += 1
        elif text[i] in ")]}":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _split_args(text):
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append((start, i))
            start = i + 1
    parts.append((start, len(text)))
    return parts


def _expression_end(masked, start):
    depth = 0
    for i in range(start, len(masked)):
        ch = masked[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and ch in "\n;":
            return i
    return len(masked)


def _negated_terms(masked, start, end):
    """(start, end) spans of the call arguments and index keys inside a negated expression."""
    spans = []
    for m in _CALL.finditer(masked, start, end):
        open_at = m.end() - 1
        close = _closing(masked, open_at)
        spans.extend((open_at + 1 + a, open_at + 1 + b) for a, b in _split_args(masked[open_at + 1 : close]))
    for m in _INDEX.finditer(masked, start, end):
        open_at = m.end() - 1
        spans.append((open_at + 1, _closing(masked, open_at)))
    return spans


def hoist_negated_arguments(name, source):
    """Rewrite ``not f(x.y)`` as ``_ = (x.y); not f(x.y)``: OPA evaluates call arguments and index keys of a
    negated expression outside the negation (an undefined argument makes the body fail); regorus evaluates
    them inside (the negation succeeds). Returns (source, number of guards added).

    Raises UnsupportedConstruct for arguments that iterate (``_``) inside a negation: hoisting would change
    what is iterated, so neither form is known to match OPA.
    """
    masked = _mask(source)
    edits = []
    for m in _NOT.finditer(masked):
        end = _expression_end(masked, m.end())
        guards = []
        for a, b in _negated_terms(masked, m.end(), end):
            term = masked[a:b].strip()
            if not term or _LITERAL.match(term) or (_IDENT.match(term) and term != "_"):
                continue
            if re.search(r"(?<![A-Za-z0-9_])_(?![A-Za-z0-9_])", term):
                line = masked[: m.start()].count("\n") + 1
                raise UnsupportedConstruct(
                    f"{name}: line {line}: 'not' over an argument that iterates ({source[a:b].strip()}): "
                    "the tester's engine evaluates it differently from Gatekeeper"
                )
            text = source[a:b].strip()
            if f"_ = ({text})" not in guards:
                guards.append(f"_ = ({text})")
        if guards:
            edits.append((m.start(), "; ".join(guards) + "; "))
    for pos, text in reversed(edits):
        source = source[:pos] + text + source[pos:]
    return source, len(edits)


_SPRINTF = re.compile(r'sprintf\(\s*"(x*)"\s*,\s*\[')
_VERB = re.compile(r"%[-+# 0-9.]*[a-zA-Z%]")


def _sprintf_mismatch(source, masked):
    """Spans of sprintf calls whose literal format has more verbs than its literal argument array."""
    for m in _SPRINTF.finditer(masked):
        fmt = source[m.start(1) : m.end(1)]
        verbs = [v for v in _VERB.findall(fmt) if v != "%%"]
        open_at = m.end() - 1
        inner = masked[open_at + 1 : _closing(masked, open_at)]
        args = 0 if not inner.strip() else len(_split_args(inner))
        if len(verbs) > args:
            yield m.start(), f"sprintf with {len(verbs)} verbs and {args} arguments (OPA prints %!v(MISSING), the tester's engine fails)"


def check_supported(name, source):
    """Raise UnsupportedConstruct when ``source`` uses a construct the engine gets wrong."""
    code = _mask(source)
    found = []
    for pattern, reason in UNSUPPORTED:
        found.extend((m.start(), f"{m.group(0).strip()}: {reason}") for m in pattern.finditer(code))
    found.extend(_sprintf_mismatch(source, code))
    for m in re.finditer(r"[A-Za-z0-9_\])][ \t]*\n[ \t]*\(", code):
        found.append((m.start(), "an expression on a new line that starts with '(': the tester's engine reads it as a call on the previous line"))
    if found:
        pos, reason = min(found)
        line = code[:pos].count("\n") + 1
        raise UnsupportedConstruct(f"{name}: line {line}: not supported by the policy tester: {reason}")


def _clean(error):
    """regorus' message without its Rust backtrace, on one line."""
    text = str(error).split("Stack backtrace:", maxsplit=1)[0]
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class CompiledPolicy:
    """Parsed modules, cloned per evaluation (parsing happens once)."""

    def __init__(self, engine, rule):
        self._engine = engine
        self._rule = rule

    def violations(self, input_doc, data=None):
        engine = self._engine.clone()
        if data:
            engine.add_data_json(json.dumps(data))
        engine.set_input_json(json.dumps(input_doc))
        try:
            result = json.loads(engine.eval_rule_as_json(self._rule))
        except Exception as e:  # regorus raises plain RuntimeError/ValueError
            raise EngineError(f"evaluating {self._rule}: {_clean(e)}") from e
        if result is None:
            return []
        if not isinstance(result, list):
            raise EngineError(f"{self._rule} is not a set of violations: {result!r}")
        return result


class RegorusEngine:
    """Rego v0 (Gatekeeper's default dialect) on regorus."""

    name = "regorus"

    def compile(self, modules, rule):
        """``modules``: {filename: rego source}; ``rule``: the rule to evaluate, e.g. data.k8sfoo.violation."""
        if not HAS_REGORUS:
            raise EngineError(f"the Python package {ENGINE_PACKAGE} is required (pip install {ENGINE_PACKAGE})")
        engine = regorus.Engine()
        engine.set_rego_v0(True)
        for filename, source in modules.items():
            check_supported(filename, source)
            source = hoist_negated_arguments(filename, source)[0]
            try:
                engine.add_policy(filename, source)
            except Exception as e:
                raise EngineError(f"{filename}: {_clean(e)}") from e
        return CompiledPolicy(engine, rule)


def default_engine():
    return RegorusEngine()
