"""The policy tester against the reference: the pinned Gatekeeper library's own suites, and the collection's suites.

CI runs the whole library (49 suites, 270 cases). Every case either agrees with Gatekeeper or its template is refused
with the construct the engine gets wrong (docs/policy.md); no case may get a wrong verdict.
"""

from __future__ import annotations

import os
import runpy

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.policy import engine as policy_engine
from ansible_collections.platform.runtime.plugins.module_utils.policy import set as policy_set
from ansible_collections.platform.runtime.plugins.module_utils.policy import suite as ps

pytestmark = [pytest.mark.upstream, pytest.mark.skipif(not policy_engine.HAS_REGORUS, reason="gordon-to-regorus is not installed")]

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
# Suites whose templates are refused, with why (the engine cannot parse or would differ from OPA).
REFUSED = {
    "horizontalpodautoscaler": "sprintf with 6 verbs and 5 arguments",
    "noupdateserviceaccount": "else cannot be used with set rules",
}


@pytest.fixture(scope="module")
def library(upstream_dir):
    return os.path.join(upstream_dir, policy_set.LIBRARY_SUBDIR)


@pytest.fixture(scope="module")
def library_results(library):
    return ps.SuiteRunner().run([library])


def test_whole_library_agrees_or_refuses(library_results):
    s = ps.summary(library_results)
    assert s["cases"] == 270
    assert s["passed"] == 265
    failed = [r for r in library_results if not r.passed]
    assert {r.suite for r in failed} == set(REFUSED)
    for r in failed:
        assert r.reason.startswith("error: ") and REFUSED[r.suite] in r.reason, r.reason  # a refusal, never a verdict


def test_suites_of_the_shipped_library_templates_pass(library):
    paths = [os.path.dirname(policy_set.template_file(n, library)) for n in policy_set.LIBRARY_TEMPLATES]
    results = ps.SuiteRunner().run(paths)
    assert len({r.suite for r in results}) == len(policy_set.LIBRARY_TEMPLATES)
    assert [r.as_dict() for r in results if not r.passed] == []
    assert len(results) == 39


def test_own_suites_pass_and_cover_every_rejection():
    results = ps.SuiteRunner().run([policy_set.OWN_DIR])
    assert [r.as_dict() for r in results if not r.passed] == []
    cases = {r.case for r in results}
    for form in ("missing", "empty", "star", "range-gte", "range-tilde", "range-caret", "wildcard-x", "partial", "leading-v", "or-ranges"):
        assert f"disallowed-{form}" in cases
    for form in ("chartref-tag-latest", "chartref-not-in-inventory", "ocirepository-no-ref", "ocirepository-tag-latest", "url"):
        assert f"disallowed-{form}" in cases
    assert {"allowed-exact", "allowed-chartref-digest", "allowed-ocirepository-digest", "allowed-exact-url"} <= cases


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def test_a_wrong_expectation_fails_with_the_messages(tmp_path, library):
    src = os.path.join(library, "general", "requiredlabels")
    suite = tmp_path / "suite.yaml"
    write(
        str(suite),
        f"""kind: Suite
apiVersion: test.gatekeeper.sh/v1alpha1
metadata: {{name: wrong}}
tests:
- name: t
  template: {src}/template.yaml
  constraint: {src}/samples/all-must-have-owner/constraint.yaml
  cases:
  - name: says-no-but-violates
    object: {src}/samples/all-must-have-owner/example_disallowed.yaml
    assertions: [{{violations: no}}]
  - name: count
    object: {src}/samples/all-must-have-owner/example_disallowed.yaml
    assertions: [{{violations: 2}}]
  - name: message
    object: {src}/samples/all-must-have-owner/example_disallowed.yaml
    assertions: [{{message: "nothing like this"}}]
""",
    )
    results = ps.SuiteRunner().run([str(suite)])
    assert [r.passed for r in results] == [False, False, False]
    assert results[0].reason == "expected 0 violations, got 1" and "must have an `owner` label" in results[0].messages[0]
    assert results[1].reason == "expected 2 violations, got 1"
    assert results[2].reason == "expected at least 1 violations matching 'nothing like this', got 0"
    text = ps.table(results)
    assert "says-no-but-violates" in text and "FAIL" in text and "0/3 cases passed, 3 failed" in text


@pytest.mark.parametrize(
    "assertion,msgs,ok",
    [
        ({"violations": "yes"}, ["a"], True),
        ({}, ["a"], True),
        ({}, [], False),
        ({"violations": "no"}, [], True),
        ({"violations": 2}, ["a", "b"], True),
        ({"violations": "1"}, ["a", "b"], False),
        ({"violations": 1, "message": "^b"}, ["a", "b"], True),
        ({"violations": "no", "message": "c"}, ["a", "b"], True),
    ],
)
def test_assertions(assertion, msgs, ok):
    assert (ps.check_assertion(assertion, [{"msg": m} for m in msgs]) is None) is ok


def test_cli_exit_codes(capsys):
    cli = runpy.run_path(os.path.join(ROOT, "scripts", "policy_test.py"))
    assert cli["main"]([policy_set.OWN_DIR]) == 0
    assert "40/40 cases passed" in capsys.readouterr().out
    assert cli["main"]([]) == 2
