# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One home for input rules: Kubernetes names, labels, quantities, CIDRs, durations, versions and URLs.

Predicates and parsers are pure functions. ``Errors`` collects every problem of an input with the field, the
value and what was expected, so a caller reports all of them at once and before anything changes:

    errs = Errors(prefix="team 'payments': ")
    errs.dns1123_label("name", team.get("name"))
    errs.check_fields(team, [Rule("quota.cpu", "quantity"), Rule("environments", "string_list", required=True)])
    errs.raise_if_any()          # ValidationError listing every message
"""

from __future__ import annotations

import ipaddress
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError

DNS1123_LABEL_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
LABEL_NAME_RE = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
QUANTITY_RE = re.compile(r"^(?P<num>[+]?(\d+(\.\d*)?|\.\d+))(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$")
DURATION_PART_RE = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
SEMVER_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")

_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"), "": 1, "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
_DECIMAL.update({"P": 10**15, "E": 10**18})
_DURATION_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}

QUANTITY_HINT = "a Kubernetes quantity such as 500m, 2, 512Mi or 4Gi"
DNS1123_LABEL_HINT = "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"
DNS1123_SUBDOMAIN_HINT = "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', at most 253 characters"
LABEL_KEY_HINT = "a label key: an optional DNS subdomain prefix and '/', then a name of at most 63 of [A-Za-z0-9-_.]"
LABEL_VALUE_HINT = "a label value: at most 63 of [A-Za-z0-9-_.], starting and ending with a letter or digit, or empty"


# -- predicates and parsers -------------------------------------------------------------------------
def is_dns1123_label(value, max_len=63):
    return isinstance(value, str) and 0 < len(value) <= max_len and bool(DNS1123_LABEL_RE.match(value))


def is_dns1123_subdomain(value, max_len=253):
    return isinstance(value, str) and 0 < len(value) <= max_len and bool(DNS1123_SUBDOMAIN_RE.match(value))


def is_label_key(key):
    if not isinstance(key, str) or not key:
        return False
    prefix, _sep, name = key.rpartition("/")
    if _sep and not is_dns1123_subdomain(prefix):
        return False
    return 0 < len(name) <= 63 and bool(LABEL_NAME_RE.match(name))


def is_label_value(value):
    return isinstance(value, str) and (value == "" or (len(value) <= 63 and bool(LABEL_NAME_RE.match(value))))


def parse_quantity(value):
    """A Kubernetes quantity as a Decimal; ValueError when it is not one."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not a quantity: {value!r}")
    m = QUANTITY_RE.match(str(value).strip())
    if not m:
        raise ValueError(f"not a quantity: {value!r}")
    try:
        num = Decimal(m.group("num"))
    except InvalidOperation as e:  # pragma: no cover - the regex admits only decimals
        raise ValueError(f"not a quantity: {value!r}") from e
    suffix = m.group("suffix") or ""
    if suffix in _BINARY:
        return num * _BINARY[suffix]
    if suffix in _DECIMAL:
        return num * Decimal(_DECIMAL[suffix])
    return num * (Decimal(10) ** int(suffix[1:]))


def parse_duration(value, units=None):
    """A Go duration (``1m30s``, ``500ms``, ``2h``) in seconds; ValueError when it is not one.

    ``units`` limits the accepted units (e.g. ``("ms", "s", "m")``). A bare number has no unit and is refused.
    """
    if not isinstance(value, str) or not value:
        raise ValueError(f"not a duration: {value!r}")
    pos, total = 0, 0.0
    for m in DURATION_PART_RE.finditer(value):
        if m.start() != pos or (units and m.group(2) not in units):
            raise ValueError(f"not a duration: {value!r}")
        total += float(m.group(1)) * _DURATION_SECONDS[m.group(2)]
        pos = m.end()
    if pos != len(value):
        raise ValueError(f"not a duration: {value!r}")
    return total


def is_semver(value, allow_v=False):
    """An exact semantic version (``1.30.3``, ``1.2.3-rc.1``); ranges, wildcards and partial versions are not."""
    if not isinstance(value, str):
        return False
    if allow_v and value.startswith("v"):
        value = value[1:]
    return bool(SEMVER_RE.match(value))


def parse_cidr(value, version=None):
    """An ``ipaddress`` network from a CIDR string with no host bits set; ValueError otherwise."""
    if not isinstance(value, str) or "/" not in value:
        raise ValueError(f"not a CIDR: {value!r}")
    net = ipaddress.ip_network(value, strict=True)
    if version and net.version != version:
        raise ValueError(f"not an IPv{version} CIDR: {value!r}")
    return net


# -- the collector ----------------------------------------------------------------------------------
class Rule:
    """One row of a field table: the dotted field path, the ``Errors`` check to run and its options."""

    __slots__ = ("field", "check", "required", "options")

    def __init__(self, field, check, required=False, **options):
        self.field, self.check, self.required, self.options = field, check, required, options


_MISSING = object()


def _lookup(data, dotted):
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


class Errors:
    """Collects every input problem with field, value and expectation; ``raise_if_any`` reports them together."""

    def __init__(self, prefix="", template="{field}={value!r}: expected {expected}"):
        self.prefix = prefix
        self.template = template
        self.messages = []

    def __bool__(self):
        return bool(self.messages)

    def __len__(self):
        return len(self.messages)

    def add(self, field, value, expected):
        self.messages.append(self.prefix + self.template.format(field=field, value=value, expected=expected))
        return False

    def extend(self, other):
        self.messages.extend(other.messages if isinstance(other, Errors) else other)

    def raise_if_any(self, exc=ValidationError):
        if self.messages:
            raise exc(list(self.messages))

    def require(self, condition, field, value, expected):
        return True if condition else self.add(field, value, expected)

    # Each check records an error and returns False, or returns True.
    def dns1123_label(self, field, value, max_len=63):
        return self.require(is_dns1123_label(value, max_len), field, value, DNS1123_LABEL_HINT.replace("63", str(max_len)))

    def dns1123_subdomain(self, field, value):
        return self.require(is_dns1123_subdomain(value), field, value, DNS1123_SUBDOMAIN_HINT)

    def label_key(self, field, value):
        return self.require(is_label_key(value), field, value, LABEL_KEY_HINT)

    def label_value(self, field, value):
        return self.require(is_label_value(value), field, value, LABEL_VALUE_HINT)

    def labels(self, field, value):
        if not self.mapping(field, value):
            return False
        ok = True
        for k, v in value.items():
            ok = self.label_key(f"{field}.{k}", k) and ok
            ok = self.label_value(f"{field}.{k}", v) and ok
        return ok

    def quantity(self, field, value):
        try:
            parse_quantity(value)
            return True
        except ValueError:
            return self.add(field, value, QUANTITY_HINT)

    def cidr(self, field, value, version=None):
        try:
            parse_cidr(value, version)
            return True
        except ValueError:
            family = f"an IPv{version}" if version else "a"
            return self.add(field, value, f"{family} CIDR such as 10.0.0.0/16 with no host bits set")

    def duration(self, field, value, units=("ms", "s", "m", "h")):
        try:
            parse_duration(value, units)
            return True
        except ValueError:
            return self.add(field, value, f"a duration with a unit such as 30s, 5m or 1h30m (units {', '.join(units)})")

    def semver(self, field, value, allow_v=False):
        return self.require(is_semver(value, allow_v), field, value, "an exact version such as 1.30.3 (no ranges, wildcards or 'latest')")

    def url(self, field, value, schemes=("https",)):
        ok = isinstance(value, str) and "://" in value
        if ok:
            parts = urlsplit(value)
            ok = parts.scheme.lower() in schemes and bool(parts.netloc)
        return self.require(ok, field, value, f"a URL with a host and one of the schemes {', '.join(s + '://' for s in schemes)}")

    def one_of(self, field, value, choices):
        return self.require(value in choices, field, value, f"one of {', '.join(map(str, choices))}")

    def integer(self, field, value, low=None, high=None):
        ok = isinstance(value, int) and not isinstance(value, bool)
        if ok and low is not None and value < low or ok and high is not None and value > high:
            ok = False
        bounds = " ".join(b for b in (f">= {low}" if low is not None else "", f"<= {high}" if high is not None else "") if b)
        return self.require(ok, field, value, f"an integer {bounds}".rstrip())

    def boolean(self, field, value):
        return self.require(isinstance(value, bool), field, value, "true or false")

    def string(self, field, value, nonempty=True):
        return self.require(isinstance(value, str) and (bool(value) or not nonempty), field, value, "a non-empty string" if nonempty else "a string")

    def string_list(self, field, value):
        ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) and v for v in value)
        return self.require(ok, field, value, "a list of non-empty strings")

    def mapping(self, field, value):
        return self.require(isinstance(value, dict), field, value, "a mapping")

    def check_fields(self, data, rules, path=""):
        """Run a table of ``Rule`` rows over ``data``; missing optional fields are skipped. True when all pass."""
        ok = True
        for rule in rules:
            value = _lookup(data, rule.field)
            field = f"{path}{rule.field}"
            if value is _MISSING or value is None:
                if rule.required:
                    ok = self.add(field, None, "a value (the field is required)") and ok
                continue
            ok = getattr(self, rule.check)(field, value, **rule.options) and ok
        return ok
