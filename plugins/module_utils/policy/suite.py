# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A ``gator verify`` in Python: runs suites in the Gatekeeper library's suite.yaml format.

Suite: ``tests[]`` with ``template``, ``constraint`` (paths relative to the suite file), optional ``invalid``
(the constraint must be refused) and ``skip``, and ``cases[]`` with ``object``, optional ``inventory`` (files)
and ``assertions[]`` of ``violations: yes|no|<count>`` (default yes) with an optional ``message`` regex.

Used by the policy_test module and by the CLI ``scripts/policy_test.py [--failures] PATH...`` (CI).
"""

from __future__ import annotations

import os
import re

from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError
from ansible_collections.platform.runtime.plugins.module_utils.policy.builders import (
    Constraint,
    Evaluator,
    PolicyError,
    Template,
    build_inventory,
    validate_constraint,
)
from ansible_collections.platform.runtime.plugins.module_utils.upstream import load_documents


def find_suites(paths):
    """suite.yaml files under the given files/directories, sorted."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                found.extend(os.path.join(root, f) for f in files if f == "suite.yaml")
        else:
            found.append(path)
    return sorted(found)


def _one(path):
    docs = load_documents(path)
    if len(docs) != 1:
        raise PolicyError(f"{path}: expected exactly one YAML document, found {len(docs)}")
    return docs[0]


def check_assertion(assertion, violations):
    """None when the assertion holds, else the reason."""
    expected = assertion.get("violations", "yes")
    pattern = assertion.get("message")
    found = [v for v in violations if pattern is None or re.search(pattern, v["msg"])]
    what = f"violations matching {pattern!r}" if pattern is not None else "violations"
    if expected is True or expected == "yes":
        ok = len(found) > 0
        want = "at least 1"
    elif expected is False or expected == "no":
        ok = len(found) == 0
        want = "0"
    elif isinstance(expected, int) or (isinstance(expected, str) and expected.isdigit()):
        ok = len(found) == int(expected)
        want = str(int(expected))
    else:
        raise PolicyError(f"assertion violations={expected!r}: expected yes, no or a count")
    return None if ok else f"expected {want} {what}, got {len(found)}"


class CaseResult:
    def __init__(self, suite, test, case, passed, reason="", messages=()):
        self.suite, self.test, self.case = suite, test, case
        self.passed, self.reason, self.messages = passed, reason, list(messages)

    def as_dict(self):
        return {"suite": self.suite, "test": self.test, "case": self.case, "passed": self.passed, "reason": self.reason, "messages": self.messages}


class SuiteRunner:
    """Runs suites; templates are parsed and compiled once per runner."""

    def __init__(self, evaluator=None):
        self.evaluator = evaluator or Evaluator()
        self._templates = {}

    def template(self, path):
        path = os.path.abspath(path)
        if path not in self._templates:
            self._templates[path] = Template(_one(path), source=path)
        return self._templates[path]

    def run_suite(self, suite_path):
        base = os.path.dirname(os.path.abspath(suite_path))
        suite = _one(suite_path)
        name = (suite.get("metadata") or {}).get("name") or os.path.basename(base)
        results = []
        for test in suite.get("tests") or []:
            results.extend(self._run_test(name, base, test))
        return results

    def _run_test(self, suite_name, base, test):
        tname = test.get("name", "")
        cases = test.get("cases") or []
        if test.get("skip"):
            return [CaseResult(suite_name, tname, c.get("name", ""), True, "skipped") for c in cases]
        try:
            template = self.template(os.path.join(base, test["template"]))
            constraint = Constraint(_one(os.path.join(base, test["constraint"])), source=test["constraint"])
            errors = validate_constraint(constraint, {template.name: template})
            if test.get("invalid"):
                return [CaseResult(suite_name, tname, "(constraint invalid)", bool(errors), "" if errors else "expected the constraint to be refused")]
            if errors:
                raise PolicyError("; ".join(errors))
            self.evaluator.compiled(template)
        except (PlatformError, KeyError, OSError) as e:
            return [CaseResult(suite_name, tname, c.get("name", ""), False, f"error: {e}") for c in cases or [{"name": "(test)"}]]
        return [self._run_case(suite_name, tname, base, template, constraint, case) for case in cases]

    def _run_case(self, suite_name, tname, base, template, constraint, case):
        cname = case.get("name", "")
        try:
            obj = _one(os.path.join(base, case["object"]))
            objects = []
            for inv in case.get("inventory") or []:
                objects.extend(load_documents(os.path.join(base, inv)))
            violations = self.evaluator.review(template, constraint, obj, *_inventory(objects))
            reasons = [r for r in (check_assertion(a, violations) for a in case.get("assertions") or []) if r]
        except (PlatformError, KeyError, OSError) as e:
            return CaseResult(suite_name, tname, cname, False, f"error: {e}")
        return CaseResult(suite_name, tname, cname, not reasons, "; ".join(reasons), [v["msg"] for v in violations] if reasons else [])

    def run(self, paths):
        results = []
        for suite in find_suites(paths):
            results.extend(self.run_suite(suite))
        return results


def _inventory(objects):
    namespaces = {o["metadata"]["name"]: o for o in objects if o.get("kind") == "Namespace" and o.get("apiVersion") == "v1"}
    return build_inventory(objects), namespaces


def summary(results):
    passed = sum(1 for r in results if r.passed)
    return {"cases": len(results), "passed": passed, "failed": len(results) - passed}


def table(results, failures_only=False):
    """A plain-text table: suite, test, case, PASS/FAIL, reason and the messages of a mismatch."""
    rows = [("SUITE", "TEST", "CASE", "RESULT", "DETAIL")]
    for r in results:
        if failures_only and r.passed:
            continue
        detail = r.reason
        if r.messages:
            detail += " | messages: " + " / ".join(r.messages)
        rows.append((r.suite, r.test, r.case, "PASS" if r.passed else "FAIL", detail))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(row[i].ljust(widths[i]) for i in range(4)) + "  " + row[4] for row in rows]
    s = summary(results)
    lines.append(f"{s['passed']}/{s['cases']} cases passed, {s['failed']} failed")
    return "\n".join(line.rstrip() for line in lines)


def run_paths(paths):
    """Module entry: every suite under ``paths``; {summary, results, table}. Raises PolicyError when none is found."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise PolicyError(f"paths={missing!r}: expected existing suite files or directories")
    suites = find_suites(paths)
    if not suites:
        raise PolicyError(f"paths={list(paths)!r}: no suite.yaml found")
    results = SuiteRunner().run(suites)
    return {"summary": summary(results), "results": [r.as_dict() for r in results], "table": table(results).splitlines()}
