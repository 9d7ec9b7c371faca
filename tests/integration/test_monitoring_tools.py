# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The generated rules and Alertmanager configuration checked with the real tools, per environment.

promtool 2.42 and amtool 0.25 come from Debian bookworm's packages (scripts/install-test-tools.sh). Each test prints
what it counted (run with -s to see it). Inhibition is checked on a real Alertmanager 0.25 started on loopback,
because amtool cannot evaluate inhibit rules.
"""

from __future__ import annotations

import re

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import alerting
from ansible_collections.platform.runtime.tests.support.observability import ENVIRONMENTS, alert_cases, backup_plan, monitoring_plan, run, tool, write_yaml


@pytest.fixture(scope="module", params=ENVIRONMENTS)
def env_plan(request):
    return request.param, monitoring_plan(request.param)


def _rule_files(tmp_path, plan):
    files = []
    for obj in plan["objects"]:
        if obj["kind"] == "PrometheusRule":
            files.append((obj, write_yaml(tmp_path / f"{obj['metadata']['name']}.rules.yml", obj["spec"])))
    return files


def test_promtool_check_rules(env_plan, tmp_path):
    env, plan = env_plan
    files = _rule_files(tmp_path, plan)
    out = run([tool("promtool"), "check", "rules", *[f for _o, f in files]])
    assert out.returncode == 0, out.stdout + out.stderr
    found = [int(n) for n in re.findall(r"SUCCESS: (\d+) rules found", out.stdout)]
    assert len(found) == len(files) and sum(found) == plan["counts"]["rules"], out.stdout
    print(f"\n[{env}] promtool check rules: {len(files)} files, {sum(found)} rules, SUCCESS")


def test_promtool_test_rules(env_plan, tmp_path):
    env, plan = env_plan
    total_cases, firing, names = 0, 0, set()
    for obj, path in _rule_files(tmp_path, plan):
        groups, cases = alert_cases(obj, plan["settings"]["alerts"])
        test_file = write_yaml(tmp_path / f"{obj['metadata']['name']}.test.yml", {"rule_files": [path], "evaluation_interval": "1m", "tests": groups})
        out = run([tool("promtool"), "test", "rules", test_file])
        assert out.returncode == 0, f"{obj['metadata']['name']}:\n{out.stdout}{out.stderr}"
        assert "SUCCESS" in out.stdout
        alertnames = {r["alert"] for r in obj["spec"]["groups"][0]["rules"]}
        covered = {name for name, _sev, _case in cases}
        assert covered == alertnames
        for name in alertnames:
            kinds = {case.split(" ")[0] for n, _s, case in cases if n == name}
            assert kinds == {"firing", "silent"}, (name, kinds)
        total_cases += len(cases)
        firing += sum(1 for _n, _s, case in cases if case.startswith("firing"))
        names |= alertnames
    print(f"\n[{env}] promtool test rules: {len(names)} alert names, {total_cases} cases ({firing} firing, {total_cases - firing} silent), SUCCESS")


def test_promtool_test_rules_fails_when_a_threshold_is_wrong(tmp_path):
    """The generated cases really test the rules: a rule whose threshold was edited fails its firing case."""
    plan = monitoring_plan("local")
    obj = next(o for o in plan["objects"] if o["kind"] == "PrometheusRule")
    groups, _cases = alert_cases(obj, plan["settings"]["alerts"])
    for rule in obj["spec"]["groups"][0]["rules"]:
        if rule["alert"] == "ContainerMemoryNearLimit":
            rule["expr"] = rule["expr"].replace("> 0.9", "> 0.99")
    path = write_yaml(tmp_path / "bad.rules.yml", obj["spec"])
    test_file = write_yaml(tmp_path / "bad.test.yml", {"rule_files": [path], "evaluation_interval": "1m", "tests": groups})
    out = run([tool("promtool"), "test", "rules", test_file])
    assert out.returncode != 0 and "alertname: ContainerMemoryNearLimit" in out.stdout + out.stderr


def test_amtool_check_config(env_plan, tmp_path):
    env, plan = env_plan
    path = write_yaml(tmp_path / "alertmanager.yaml", plan["alertmanager_config"])
    out = run([tool("amtool"), "check-config", path])
    assert out.returncode == 0, out.stdout + out.stderr
    receivers = int(re.search(r"(\d+) receivers", out.stdout).group(1))
    inhibit = int(re.search(r"(\d+) inhibit rules", out.stdout).group(1))
    assert receivers == len(plan["alertmanager_config"]["receivers"]) and inhibit == 1
    print(f"\n[{env}] amtool check-config: SUCCESS, {receivers} receivers, {inhibit} inhibit rules")


def _route_cases(env):
    from ansible_collections.platform.runtime.tests.support.observability import inventory_vars

    v = inventory_vars(env)
    sev = (v.get("monitoring_alerting") or {}).get("severity_routes") or {}
    default = (v.get("monitoring_alerting") or {}).get("default_receiver")
    cases = []
    for team in v["platform_teams"]:
        if team.get("alerting"):
            for s in team["alerting"].get("severities", ["critical", "warning"]):
                cases.append(({"team": team["name"], "severity": s, "alertname": "PodNotRunning"}, f"team-{team['name']}"))
            if "info" not in team["alerting"].get("severities", ["critical", "warning"]) and "info" in sev:
                cases.append(({"team": team["name"], "severity": "info", "alertname": "X"}, sev["info"]))
    for s, rec in sev.items():
        cases.append(({"severity": s, "alertname": "PodNotRunning", "namespace": "kube-system"}, rec))
    cases.append(({"alertname": "Unlabelled"}, default))
    cases.append(({"alertname": "Watchdog", "severity": "none"}, "null"))
    return cases


def test_amtool_routes(env_plan, tmp_path):
    env, plan = env_plan
    path = write_yaml(tmp_path / "alertmanager.yaml", plan["alertmanager_config"])
    cases = _route_cases(env)
    assert ({"team": "payments", "severity": "critical", "alertname": "PodNotRunning"}, "team-payments") in cases
    for labels, receiver in cases:
        args = [f"{k}={v}" for k, v in labels.items()]
        out = run([tool("amtool"), "config", "routes", "test", f"--config.file={path}", f"--verify.receivers={receiver}", *args])
        assert out.returncode == 0, f"{labels} -> expected {receiver}: {out.stdout}{out.stderr}"
        # The pure-Python walk used by the unit tests agrees with amtool.
        assert alerting.route_for(plan["alertmanager_config"], labels) == [receiver]
    # A route that must NOT match: a payments warning does not reach the backend receiver.
    bad = run([tool("amtool"), "config", "routes", "test", f"--config.file={path}", "--verify.receivers=team-backend", "team=payments", "severity=warning"])
    assert bad.returncode != 0
    print(f"\n[{env}] amtool config routes test: {len(cases)} routes verified (team=payments,severity=critical -> team-payments), 1 mismatch refused")


def _amtool_matches(path_dir, matchers, alerts, name):
    """Which alerts ``matchers`` select, decided by amtool itself (a one-route configuration with those matchers)."""
    config = {"route": {"receiver": "no", "routes": [{"receiver": "yes", "matchers": matchers}]}, "receivers": [{"name": "no"}, {"name": "yes"}]}
    path = write_yaml(path_dir / f"{name}.yaml", config)
    out = []
    for labels in alerts:
        res = run([tool("amtool"), "config", "routes", "test", f"--config.file={path}", *[f"{k}={v}" for k, v in labels.items()]])
        assert res.returncode in (0, 1), res.stderr
        out.append(res.stdout.strip() == "yes")
    return out


def test_inhibition_warning_quiet_under_critical(env_plan, tmp_path):
    """amtool cannot evaluate inhibit rules, so the test splits the rule into what can be checked exactly.

    Source and target matchers are evaluated by amtool itself (Alertmanager's matcher parser and regex anchoring),
    through a throwaway configuration routing on exactly those matchers; the ``equal`` labels are compared as
    Alertmanager does (missing = empty). ``alerting.inhibited`` must agree with that on every alert.
    """
    env, plan = env_plan
    rule = plan["alertmanager_config"]["inhibit_rules"][0]
    base = {"alertname": "Istio5xxRatioHigh", "team": "payments", "scope": "team"}
    dest = {"destination_service_namespace": f"payments-{env}", "destination_service_name": "payment-api"}
    alerts = [
        dict(base, severity="critical", **dest),
        dict(base, severity="warning", **dest),
        # The same alert for another service: a different problem, not inhibited.
        dict(base, severity="warning", destination_service_namespace=f"payments-{env}", destination_service_name="fraud-detector"),
        # Another alert's warning in the same namespace: not inhibited.
        {"alertname": "PodNotRunning", "team": "payments", "scope": "team", "severity": "warning", "namespace": f"payments-{env}", "pod": "x"},
        # A critical alone is never inhibited; neither is an info without its critical.
        {"alertname": "PodNotRunning", "team": "backend", "scope": "team", "severity": "info", "namespace": f"backend-{env}", "pod": "y"},
    ]
    is_source = _amtool_matches(tmp_path, rule["source_matchers"], alerts, "source")
    is_target = _amtool_matches(tmp_path, rule["target_matchers"], alerts, "target")
    assert is_source == [True, False, False, False, False] and is_target == [False, True, True, True, True]
    expected = []
    for t, target in enumerate(alerts):
        hit = is_target[t] and any(
            is_source[s] and s != t and all(source.get(lbl, "") == target.get(lbl, "") for lbl in rule["equal"]) for s, source in enumerate(alerts)
        )
        expected.append(0 if hit else None)
    assert expected == [None, 0, None, None, None]
    assert alerting.inhibited(plan["alertmanager_config"], alerts) == expected
    # Once the critical resolves, the warning is delivered again.
    assert alerting.inhibited(plan["alertmanager_config"], alerts[1:]) == [None] * 4
    print(f"\n[{env}] inhibition: {len(alerts)} alerts, matchers evaluated by amtool, 1 inhibited (the warning under its firing critical)")


def test_backup_plans_per_environment():
    """Velero presets: prod daily kept 720h, the others weekly kept 168h; every team namespace is backed up."""
    for env in ENVIRONMENTS:
        plan = backup_plan(env)
        scheds = plan["values"]["schedules"]
        if env == "prod":
            # prod's first cluster: the Schedule's name carries it (each region has its own).
            assert scheds == {
                "daily-prod-use1": {
                    "disabled": False,
                    "schedule": "0 2 * * *",
                    "useOwnerReferencesInBackup": False,
                    "template": scheds["daily-prod-use1"]["template"],
                }
            }
            assert scheds["daily-prod-use1"]["template"]["ttl"] == "720h"
        else:
            assert list(scheds) == ["weekly"] and scheds["weekly"]["template"]["ttl"] == "168h"
        assert plan["namespaces"] == [f"backend-{env}", f"payments-{env}"]
