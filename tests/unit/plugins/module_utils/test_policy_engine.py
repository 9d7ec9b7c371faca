"""The Rego engine interface and the constructs on which regorus differs from OPA (Gatekeeper's engine).

The expected values of the negation cases were measured with OPA 1.20.2 (opa-golib-python-bindings 0.4.4, see
docs/policy.md): OPA evaluates call arguments and index keys of a negated expression outside the negation.
"""

from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils.policy import engine as pe

pytestmark = pytest.mark.skipif(not pe.HAS_REGORUS, reason="gordon-to-regorus is not installed")

DEFS = 'f("a", _, _)\ng(x) { x == "zz" }\nh(x) = x { true }\n'
# (negated body, OPA's verdict) with input {"p": {"rule": "a"}, "img": "x"}; "undef" = the rule is undefined.
OPA_CASES = [
    ('not f("a", 1, input.p.ranges)', "undef"),
    ("not startswith(input.img, input.missing)", "undef"),
    ('not input.missing == "a"', True),
    ("not g(input.missing)", "undef"),
    ('not f("a", 1, h(input.missing))', "undef"),
    ("x := input.p; not g(x.missing)", "undef"),
    ("not count(input.missing) > 0", "undef"),
    ("not input.p[input.missing]", "undef"),
    ("not g(input.p.rule)", True),
]


class RuleEngine(pe.RegorusEngine):
    def rule(self, source, rule, input_doc):
        compiled = self.compile({"t.rego": source}, rule)
        engine = compiled._engine.clone()
        import json

        engine.set_input_json(json.dumps(input_doc))
        value = json.loads(engine.eval_rule_as_json(rule))
        return "undef" if value == "<undefined>" else value


@pytest.mark.parametrize("body,expected", OPA_CASES)
def test_negation_agrees_with_opa(body, expected):
    source = f"package k\n{DEFS}r {{ {body} }}\n"
    assert RuleEngine().rule(source, "data.k.r", {"p": {"rule": "a"}, "img": "x"}) == expected


def test_hoist_guards_only_refs_and_calls():
    src = 'package k\nr { not f(x.y, "lit", 3, v, g(z)) }\ns { not input.a == "b" }\nt { not obj[key] }\n'
    out, count = pe.hoist_negated_arguments("t.rego", src)
    assert count == 1
    assert 'r { _ = (x.y); _ = (g(z)); not f(x.y, "lit", 3, v, g(z)) }' in out
    assert 's { not input.a == "b" }' in out and "t { not obj[key] }" in out


def test_hoist_ignores_strings_and_comments():
    src = 'package k\n# not f(a.b)\nr { x := "not f(a.b)"; x != "" }\n'
    assert pe.hoist_negated_arguments("t.rego", src) == (src, 0)


def test_iteration_inside_negation_is_refused():
    with pytest.raises(pe.UnsupportedConstruct, match=r"t.rego: line 2: 'not' over an argument that iterates \(input.a\[_\]\)"):
        pe.hoist_negated_arguments("t.rego", "package k\nr { not f(input.a[_]) }\n")


@pytest.mark.parametrize(
    "body,fragment",
    [
        ('x := sprintf("%v %v", [1])', "sprintf with 2 verbs and 1 arguments"),
        ("x := external_data({})", "external_data"),
        ('x := http.send({"url": "http://x"})', "http.send is disabled in Gatekeeper"),
        ("x := input.a\n  (1 + 2) > 0", "starts with '('"),
    ],
)
def test_constructs_that_differ_are_refused_with_the_line(body, fragment):
    with pytest.raises(pe.UnsupportedConstruct) as e:
        pe.RegorusEngine().compile({"t.rego": f"package k\nr {{\n  {body}\n}}\n"}, "data.k.r")
    assert str(e.value).startswith("t.rego: line 3: not supported by the policy tester: ")
    assert fragment in str(e.value)


def test_sprintf_with_enough_arguments_and_percent_literal_is_accepted():
    compiled = pe.RegorusEngine().compile({"t.rego": 'package k\nviolation[{"msg": x}] { x := sprintf("100%% of %v", [1]) }\n'}, "data.k.violation")
    assert compiled.violations({}) == [{"msg": "100% of 1"}]


def test_violations_set_and_errors():
    compiled = pe.RegorusEngine().compile({"t.rego": 'package k\nviolation[{"msg": m}] { m := sprintf("bad %v", [input.x[_]]) }\n'}, "data.k.violation")
    assert compiled.violations({"x": [1, 2]}) == [{"msg": "bad 1"}, {"msg": "bad 2"}]
    assert compiled.violations({}) == []
    with pytest.raises(pe.EngineError, match="t.rego"):
        pe.RegorusEngine().compile({"t.rego": "package k\nr { \n"}, "data.k.r")
