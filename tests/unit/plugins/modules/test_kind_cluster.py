# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data-driven tests of the kind_cluster module (cases in test_kind_cluster.yaml).

kind and Docker cannot run on this project's machines, so ``run_command`` is faked:
each case lists the exact argument lists the module must run, in order, with the
rc/stdout/stderr each one returns, and the result it must produce. A command the
case does not expect, a different argument list, or an expected command that never
runs fails the test. The module's wait loop runs on a fake clock.

Placeholders in a case: ``{tmp}`` (a temporary directory), ``<any>`` (one argv
element, any value), ``{config_hash}``/``{config_json}``/``{request_json}`` (the config
the case's input renders with the table row ``table_release``, default v0.33.0, and the
request recorded with it for the CLI release ``kind_release``, default v0.33.0) and
``{recorded_hash}``/``{recorded_json}``/``{recorded_request}`` (the same for the case's
``recorded_input`` at ``recorded_release``, i.e. what an existing cluster carries).
Every kind command must run with KIND_EXPERIMENTAL_PROVIDER set to the case's provider;
``warnings`` lists the module warnings expected, in order.
"""

from __future__ import annotations

import json
import os
import stat

import pytest
import yaml
from ansible.module_utils import basic

from ansible_collections.platform.runtime.plugins.module_utils import kind as kindlib
from ansible_collections.platform.runtime.plugins.module_utils import kind_service
from ansible_collections.platform.runtime.plugins.modules import kind_cluster
from ansible_collections.platform.runtime.tests.support.module_args import patch_module_args

with open(os.path.join(os.path.dirname(__file__), "test_kind_cluster.yaml")) as _f:
    CASES = yaml.safe_load(_f)["cases"]

RELEASE = "v0.33.0"
ANY = "<any>"


class ExitJson(Exception):
    pass


class FailJson(Exception):
    pass


class FakeClock:
    def __init__(self):
        self.t = 1000.0
        self.sleeps = []

    def now(self):
        return self.t

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.t += seconds


def _compact(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def _rendered(params, release=RELEASE, detected=RELEASE):
    options = {k: v for k, v in params.items() if k in kindlib.OPTION_DEFAULTS}
    config = kindlib.render(options, release)
    request = kindlib.request(kindlib.validate(options), detected)
    return kindlib.config_hash(config), _compact(config), _compact(request)


def _substitute(value, table):
    if isinstance(value, str):
        for key, repl in table.items():
            value = value.replace(key, repl)
        return value
    if isinstance(value, list):
        return [_substitute(v, table) for v in value]
    if isinstance(value, dict):
        return {_substitute(k, table): _substitute(v, table) for k, v in value.items()}
    return value


def _is_subset(expected, actual, path="result"):
    """Assert ``expected`` is contained in ``actual``: dict keys recursively, lists element by element and equal in length."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected a mapping, got {actual!r}"
        for k, v in expected.items():
            assert k in actual, f"{path}: key {k!r} missing from {sorted(actual)!r}"
            _is_subset(v, actual[k], f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: expected {expected!r}, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            _is_subset(e, a, f"{path}[{i}]")
    else:
        assert expected == actual, f"{path}: expected {expected!r}, got {actual!r}"


def _argv_matches(expected, actual):
    return len(expected) == len(actual) and all(e == ANY or e == a for e, a in zip(expected, actual, strict=True))


@pytest.fixture
def fake_env(monkeypatch):
    def exit_json(self, **kwargs):
        raise ExitJson(kwargs)

    def fail_json(self, msg, **kwargs):
        kwargs["failed"] = True
        kwargs["msg"] = msg
        raise FailJson(kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)
    clock = FakeClock()
    monkeypatch.setattr(kind_service, "_now", clock.now)
    monkeypatch.setattr(kind_service, "_sleep", clock.sleep)
    return clock


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_kind_cluster(case, tmp_path, monkeypatch, fake_env):
    table = {"{tmp}": str(tmp_path)}
    args = _substitute(case["input"], table)
    release, detected = case.get("table_release", RELEASE), case.get("kind_release", RELEASE)
    if not case.get("invalid_input") and not case.get("unrenderable"):
        table["{config_hash}"], table["{config_json}"], table["{request_json}"] = _rendered(args, release, detected)
    if "recorded_input" in case:
        recorded_release = case.get("recorded_release", RELEASE)
        table["{recorded_hash}"], table["{recorded_json}"], table["{recorded_request}"] = _rendered(
            _substitute(case["recorded_input"], table), recorded_release, recorded_release
        )

    for path, spec in _substitute(case.get("files", {}), table).items():
        with open(path, "w") as f:
            f.write(spec.get("content", ""))
        os.chmod(path, int(spec.get("mode", "0600"), 8))

    expected_calls = _substitute(case.get("run_command", []), table)
    ran = []

    def run_command(self, argv, check_rc=False, **kwargs):
        assert isinstance(argv, list), f"commands must be argument lists, got {argv!r}"
        assert expected_calls, f"unexpected command {argv!r} (already ran {ran!r})"
        call = expected_calls.pop(0)
        assert _argv_matches(call["command"], argv), f"expected command {call['command']!r}, got {argv!r}"
        ran.append(argv)
        env = kwargs.get("environ_update")
        if argv[0].endswith("/kind"):  # every kind command names its provider explicitly
            assert env == {"KIND_EXPERIMENTAL_PROVIDER": args.get("provider", "docker")}, f"{argv!r} ran with environ_update={env!r}"
        else:
            assert not env, f"{argv!r} ran with environ_update={env!r}"
        if "config_file" in call:
            with open(argv[argv.index("--config") + 1]) as f:
                _is_subset(call["config_file"], yaml.safe_load(f), "config file")
        out = json.dumps(call["out_json"]) if "out_json" in call else call.get("out", "")
        return call.get("rc", 0), out, call.get("err", "")

    missing = set(case.get("missing_bins", []))
    monkeypatch.setattr(basic.AnsibleModule, "run_command", run_command)
    monkeypatch.setattr(
        basic.AnsibleModule,
        "get_bin_path",
        lambda self, name, *a, **kw: None if name in missing else "/testbin/" + name,
    )

    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, msg: warnings.append(msg))
    flags = case.get("flags", {})
    module_args = dict(args, _ansible_check_mode=flags.get("check", False), _ansible_diff=flags.get("diff", False))
    with patch_module_args(module_args), pytest.raises((ExitJson, FailJson)) as raised:
        kind_cluster.main()
    result = raised.value.args[0]

    assert result.get("failed", False) == case.get("failed", False), f"unexpected result: {result!r}"
    _is_subset(_substitute(case.get("output", {}), table), result)
    for text in _substitute(case.get("msg_contains", []), table):
        assert text in result["msg"], f"{text!r} not in msg {result['msg']!r}"
    if "diff" in case:
        if case["diff"] is None:
            assert "diff" not in result
        else:
            for side, texts in case["diff"].items():
                for text in texts:
                    assert text in result["diff"][side], f"{text!r} not in diff {side}: {result['diff'][side]!r}"
    assert not expected_calls, f"commands expected but not run: {[c['command'] for c in expected_calls]!r}"
    if "sleeps" in case:
        assert fake_env.sleeps == case["sleeps"]
    if "warnings" in case:
        assert len(warnings) == len(case["warnings"]), f"warnings: {warnings!r}"
        for text, warning in zip(case["warnings"], warnings, strict=True):
            assert text in warning, f"{text!r} not in warning {warning!r}"

    for path, spec in _substitute(case.get("files_after", {}), table).items():
        if spec.get("absent"):
            assert not os.path.exists(path)
            continue
        assert oct(stat.S_IMODE(os.stat(path).st_mode)) == oct(int(spec["mode"], 8))
        if "content" in spec:
            with open(path) as f:
                assert f.read() == spec["content"]
