# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

from decimal import Decimal

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import validation as v
from ansible_collections.platform.runtime.plugins.module_utils.errors import PlatformError, ValidationError


@pytest.mark.parametrize(
    "value, ok",
    [
        ("a", True),
        ("app-team-1", True),
        ("a" * 63, True),
        ("a" * 64, False),
        ("-a", False),
        ("a-", False),
        ("A", False),
        ("a.b", False),
        ("", False),
        (3, False),
    ],
)
def test_dns1123_label(value, ok):
    assert v.is_dns1123_label(value) is ok


@pytest.mark.parametrize("value, ok", [("a.b-c", True), ("a..b", False), ("A.b", False), ("a" * 254, False)])
def test_dns1123_subdomain(value, ok):
    assert v.is_dns1123_subdomain(value) is ok


@pytest.mark.parametrize(
    "key, ok",
    [
        ("team", True),
        ("app.kubernetes.io/name", True),
        ("example.com/a_b.c", True),
        ("/x", False),
        ("Bad_Prefix/x", False),
        ("a/" + "b" * 64, False),
        ("", False),
    ],
)
def test_label_key(key, ok):
    assert v.is_label_key(key) is ok


@pytest.mark.parametrize("value, ok", [("", True), ("v1.2_3", True), ("-x", False), ("x" * 64, False), (None, False)])
def test_label_value(value, ok):
    assert v.is_label_value(value) is ok


@pytest.mark.parametrize(
    "text, expected",
    [("500m", Decimal("0.5")), ("2", Decimal(2)), ("1Gi", Decimal(2**30)), ("1k", Decimal(1000)), ("1e3", Decimal(1000)), (".5", Decimal("0.5"))],
)
def test_parse_quantity(text, expected):
    assert v.parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "1 Gi", "1GB", "-1", None, True, "abc"])
def test_parse_quantity_refuses(text):
    with pytest.raises(ValueError):
        v.parse_quantity(text)


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("1m30s", 90), ("500ms", 0.5), ("2h", 7200), ("1.5h", 5400)])
def test_parse_duration(text, seconds):
    assert v.parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["10", "", "1d", "s", "1m 30s", "m1", 5])
def test_parse_duration_refuses(text):
    with pytest.raises(ValueError):
        v.parse_duration(text)


def test_parse_duration_units_limit():
    with pytest.raises(ValueError):
        v.parse_duration("1h", units=("ms", "s", "m"))


@pytest.mark.parametrize(
    "value, allow_v, ok",
    [("1.30.3", False, True), ("1.2.3-rc.1+b5", False, True), ("v1.2.3", False, False), ("v1.2.3", True, True), ("1.2", False, False), ("1.2.x", False, False)],
)
def test_semver(value, allow_v, ok):
    assert v.is_semver(value, allow_v) is ok


def test_parse_cidr():
    assert str(v.parse_cidr("10.0.0.0/8")) == "10.0.0.0/8"
    for bad in ("10.0.0.1/8", "10.0.0.0", "fd00::/8x"):
        with pytest.raises(ValueError):
            v.parse_cidr(bad)
    with pytest.raises(ValueError):
        v.parse_cidr("fd00::/64", version=4)


def test_errors_collects_every_problem_with_field_value_expectation():
    errs = v.Errors(prefix="team 'x': ")
    assert errs.dns1123_label("name", "Bad_Name") is False
    assert errs.quantity("quota.cpu", "lots") is False
    assert errs.cidr("egress_cidrs[0]", "10.0.0.1/8") is False
    assert errs.duration("interval", "10") is False
    assert errs.one_of("mtls", "LOOSE", ("STRICT", "PERMISSIVE")) is False
    assert errs.integer("replicas", 0, low=1) is False
    assert errs.url("url", "ftp://x", ("https",)) is False
    assert errs.semver("version", "^1.2.3") is False
    assert errs.labels("labels", {"ok": "fine", "bad key!": "v"}) is False
    assert errs.dns1123_label("name", "fine") is True
    assert len(errs) == 9
    assert errs.messages[0].startswith("team 'x': name='Bad_Name': expected a DNS-1123 label")
    assert "mtls='LOOSE': expected one of STRICT, PERMISSIVE" in errs.messages[4]
    assert "replicas=0: expected an integer >= 1" in errs.messages[5]
    with pytest.raises(ValidationError) as e:
        errs.raise_if_any()
    assert e.value.errors == errs.messages
    assert isinstance(e.value, PlatformError) and isinstance(e.value, ValueError)
    assert str(e.value) == "; ".join(errs.messages)


def test_errors_template_keeps_a_callers_message_style():
    errs = v.Errors(prefix="team 'a': ", template="field {field!r} = {value!r}: expected {expected}")
    errs.add("namespace", "kube-system", "a namespace the team owns")
    assert errs.messages == ["team 'a': field 'namespace' = 'kube-system': expected a namespace the team owns"]


def test_check_fields_table():
    rules = [
        v.Rule("name", "dns1123_label", required=True),
        v.Rule("quota.cpu", "quantity"),
        v.Rule("interval", "duration", units=("s", "m")),
        v.Rule("replicas", "integer", low=1, high=5),
    ]
    errs = v.Errors()
    assert errs.check_fields({"name": "ok", "quota": {"cpu": "2"}, "interval": "5m", "replicas": 3}, rules) is True
    assert not errs
    assert errs.check_fields({"quota": {"cpu": "x"}, "interval": "1h", "replicas": 9}, rules, path="teams[0].") is False
    assert [m.split("=")[0] for m in errs.messages] == ["teams[0].name", "teams[0].quota.cpu", "teams[0].interval", "teams[0].replicas"]
    assert v.Errors().raise_if_any() is None
