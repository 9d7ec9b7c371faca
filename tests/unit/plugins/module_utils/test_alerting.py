# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import pytest

from ansible_collections.platform.runtime.plugins.module_utils import alerting
from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError

SETTINGS = {
    "smtp": {"smarthost": "smtp.example.com:587", "from": "am@example.com", "auth_username": "am"},
    "receivers": [
        {"name": "pager", "pagerduty": {}},
        {"name": "slack", "slack": {"channel": "#ops"}},
        {"name": "mail", "email": {"to": ["ops@example.com"]}},
    ],
    "default_receiver": "slack",
    "severity_routes": {"critical": "pager", "warning": "slack", "info": "mail"},
}
TEAMS = [
    {"name": "payments", "alerting": {"slack": {"channel": "#pay"}, "pagerduty": {}}},
    {"name": "web", "environments": ["dev"], "alerting": {"slack": {"channel": "#web"}}},
]


def test_secrets_only_as_file_references_and_keys_listed():
    config, keys = alerting.build_config(SETTINGS, TEAMS, "prod")
    assert keys == ["pager-pagerduty-routing-key", "slack-slack-url", "smtp-password", "team-payments-pagerduty-routing-key", "team-payments-slack-url"]
    by_name = {r["name"]: r for r in config["receivers"]}
    assert by_name["team-payments"]["slack_configs"][0]["api_url_file"] == "/etc/alertmanager/secrets/alertmanager-receivers/team-payments-slack-url"
    assert by_name["pager"]["pagerduty_configs"][0] == {
        "routing_key_file": "/etc/alertmanager/secrets/alertmanager-receivers/pager-pagerduty-routing-key",
        "send_resolved": True,
    }
    assert by_name["mail"]["email_configs"][0]["auth_password_file"].endswith("/smtp-password")
    assert "team-web" not in by_name  # web is not in prod


@pytest.mark.parametrize(
    "labels, receivers",
    [
        ({"team": "payments", "severity": "critical"}, ["team-payments"]),
        ({"team": "payments", "severity": "warning"}, ["team-payments"]),
        ({"team": "payments", "severity": "info"}, ["mail"]),
        ({"severity": "critical"}, ["pager"]),
        ({"team": "nobody", "severity": "warning"}, ["slack"]),
        ({"alertname": "Watchdog"}, ["null"]),
        ({}, ["slack"]),
    ],
)
def test_routes(labels, receivers):
    config = alerting.build_config(SETTINGS, TEAMS, "prod")[0]
    assert alerting.route_for(config, labels) == receivers


def test_team_continue_also_reaches_the_severity_route():
    teams = [{"name": "payments", "alerting": {"slack": {"channel": "#pay"}, "continue": True}}]
    config = alerting.build_config(SETTINGS, teams, "prod")[0]
    assert alerting.route_for(config, {"team": "payments", "severity": "critical"}) == ["team-payments", "pager"]


def test_inhibition_semantics():
    config = alerting.build_config(SETTINGS, TEAMS, "prod")[0]
    crit = {"alertname": "A", "severity": "critical", "namespace": "n", "pod": "p"}
    warn = dict(crit, severity="warning")
    other_pod = dict(warn, pod="q")
    assert alerting.inhibited(config, [crit, warn, other_pod]) == [None, 0, None]
    assert alerting.inhibited(config, [warn]) == [None]


def test_bad_routing_reported_together():
    bad = {
        "receivers": [{"name": "slack", "slack": {"channel": "ops"}}, {"name": "team-x", "email": {"to": "x@y.z"}}, {"name": "empty"}],
        "default_receiver": "nowhere",
        "severity_routes": {"urgent": "slack"},
        "group_wait": "30",
    }
    teams = [{"name": "payments", "alerting": {"email": {"to": "not-an-address"}, "severities": ["page"]}}]
    with pytest.raises(ValidationError) as e:
        alerting.build_config(bad, teams)
    msgs = e.value.errors
    assert "alerting: group_wait='30': expected a duration with a unit such as 30s, 5m or 1h30m (units s, m, h)" in msgs
    assert "alerting: receivers[0].slack.channel='ops': expected a Slack channel such as '#team-alerts'" in msgs
    assert any(m.startswith("alerting: receivers[1].name='team-x': expected a unique name that does not start with 'team-'") for m in msgs)
    assert any(m.startswith("alerting: receivers[2]=") and "at least one of slack" in m for m in msgs)
    assert any(m.startswith("alerting: default_receiver='nowhere'") for m in msgs)
    assert any(m.startswith("alerting: severity_routes.urgent (severity)='urgent'") for m in msgs)
    assert "alerting: team 'payments' alerting.severities='page': expected one of critical, warning, info" in msgs


def test_email_needs_smtp():
    with pytest.raises(ValidationError, match=r"alerting: smtp=\{\}: expected smarthost and from, because a receiver sends e-mail"):
        alerting.build_config({"receivers": [{"name": "m", "email": {"to": "a@b.c"}}]})


@pytest.mark.parametrize("text", ['team="a', "team=a", 'team=="a"', '9x="a"'])
def test_parse_matcher_refuses(text):
    with pytest.raises(ValueError):
        alerting.parse_matcher(text)


def test_receivers_without_their_secret_fall_back_to_the_null_receiver():
    settings = {
        "receivers": [{"name": "pager", "pagerduty": {}}, {"name": "chat", "slack": {"channel": "#a"}}],
        "default_receiver": "chat",
        "severity_routes": {"critical": "pager", "warning": "chat"},
    }
    teams = [
        {"name": "a", "alerting": {"slack": {"channel": "#t"}}, "environments": ["dev"]},
        {"name": "b", "alerting": {"slack": {"channel": "#u"}}, "environments": ["prod"]},
    ]
    s, kept, notes = alerting.without_missing_secrets(settings, teams, "dev", ["pager-pagerduty-routing-key"])
    assert [r["name"] for r in s["receivers"]] == ["pager"]
    assert s["default_receiver"] == "null" and s["severity_routes"] == {"critical": "pager", "warning": "null"}
    assert "alerting" not in kept[0] and kept[1] == teams[1]  # team b is not in dev: left as it is
    assert notes == [
        "receiver chat has no value for chat-slack-url; its alerts go to the null receiver (nothing is sent)",
        "receiver team-a has no value for team-a-slack-url; its alerts follow the severity routes",
    ]
    config, keys = alerting.build_config(s, kept, "dev")
    assert keys == ["pager-pagerduty-routing-key"] and config["route"]["receiver"] == "null"
    # With every secret nothing changes.
    same = alerting.without_missing_secrets(settings, teams, "dev", ["pager-pagerduty-routing-key", "chat-slack-url", "team-a-slack-url"])
    assert same[0]["receivers"] == settings["receivers"] and same[1] == teams and same[2] == []
