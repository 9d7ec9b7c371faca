# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alertmanager routing as data: receivers (Slack, PagerDuty, email), routes by severity and by team, inhibit rules.

No secret ever enters the configuration: webhook URLs, routing keys and the SMTP password are keys of one Secret
that the Alertmanager pods mount (``alertmanagerSpec.secrets``) under ``/etc/alertmanager/secrets/<secret>/``;
the configuration refers to them with ``api_url_file``, ``routing_key_file`` and ``auth_password_file``.

``inhibited(config, alerts)`` evaluates the generated inhibit rules the way Alertmanager does (amtool cannot), so
tests can check them label by label.
"""

from __future__ import annotations

import copy
import re

from ansible_collections.platform.runtime.plugins.module_utils.errors import ValidationError
from ansible_collections.platform.runtime.plugins.module_utils.validation import Errors, is_dns1123_label

SECRET_MOUNT = "/etc/alertmanager/secrets"
SEVERITIES = ("critical", "warning", "info")
INTEGRATIONS = ("slack", "pagerduty", "email")
NULL_RECEIVER = "null"
# Labels that identify "the same problem" for inhibition: a critical alert silences the warning of the same
# alert on the same object, not every warning in the namespace.
INHIBIT_EQUAL = ("alertname", "namespace", "team", "pod", "container", "destination_service_namespace", "destination_service_name")
# Alerts of the chart's default rules that are not meant for people.
QUIET_ALERTS = ("Watchdog", "InfoInhibitor")

DEFAULTS = {
    "secret_name": "alertmanager-receivers",
    "resolve_timeout": "5m",
    "group_by": ["alertname", "namespace", "team"],
    "group_wait": "30s",
    "group_interval": "5m",
    "repeat_interval": "4h",
    "smtp": {},
    "receivers": [],
    "default_receiver": NULL_RECEIVER,
    "severity_routes": {},
}
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MATCHER_RE = re.compile(r'^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$')


def secret_key(receiver, integration):
    return {"slack": f"{receiver}-slack-url", "pagerduty": f"{receiver}-pagerduty-routing-key"}[integration]


SMTP_PASSWORD_KEY = "smtp-password"


def _file(secret_name, key):
    return f"{SECRET_MOUNT}/{secret_name}/{key}"


def _check_integrations(errs, field, spec, smtp):
    """Validate one receiver's integrations (slack/pagerduty/email) and return the secret keys they need."""
    present = [k for k in INTEGRATIONS if spec.get(k) is not None]
    for key in spec:
        if key not in INTEGRATIONS + ("name", "severities", "continue"):
            errs.add(f"{field}.{key}", spec[key], f"no such field; known fields are name, {', '.join(INTEGRATIONS)}, severities, continue")
    if not present:
        errs.add(field, spec, "at least one of slack: {channel}, pagerduty: {}, email: {to}")
    slack = spec.get("slack")
    if slack is not None:
        if errs.mapping(f"{field}.slack", slack):
            channel = slack.get("channel")
            errs.require(isinstance(channel, str) and channel[:1] in ("#", "@"), f"{field}.slack.channel", channel, "a Slack channel such as '#team-alerts'")
    pd = spec.get("pagerduty")
    if pd is not None and errs.mapping(f"{field}.pagerduty", pd) and pd.get("severity") is not None:
        errs.one_of(f"{field}.pagerduty.severity", pd["severity"], ("critical", "error", "warning", "info"))
    email = spec.get("email")
    if email is not None and errs.mapping(f"{field}.email", email):
        to = email.get("to")
        to = [to] if isinstance(to, str) else to
        ok = isinstance(to, list) and bool(to) and all(isinstance(a, str) and _EMAIL_RE.match(a) for a in to)
        errs.require(ok, f"{field}.email.to", email.get("to"), "one or more e-mail addresses")
        errs.require(bool(smtp.get("smarthost")) and bool(smtp.get("from")), "smtp", smtp, "smarthost and from, because a receiver sends e-mail")


def _integrations(name, spec, secret_name, smtp):
    out = {"name": name}
    if spec.get("slack") is not None:
        slack = {"api_url_file": _file(secret_name, secret_key(name, "slack")), "channel": spec["slack"]["channel"], "send_resolved": True}
        out["slack_configs"] = [slack]
    if spec.get("pagerduty") is not None:
        pd = {"routing_key_file": _file(secret_name, secret_key(name, "pagerduty")), "send_resolved": True}
        if spec["pagerduty"].get("severity"):
            pd["severity"] = spec["pagerduty"]["severity"]
        out["pagerduty_configs"] = [pd]
    if spec.get("email") is not None:
        to = spec["email"]["to"]
        email = {"to": ", ".join([to] if isinstance(to, str) else to), "send_resolved": True}
        if smtp.get("auth_username"):
            email["auth_password_file"] = _file(secret_name, SMTP_PASSWORD_KEY)
        out["email_configs"] = [email]
    return out


def _keys_for(name, spec, smtp):
    keys = [secret_key(name, k) for k in ("slack", "pagerduty") if spec.get(k) is not None]
    if spec.get("email") is not None and smtp.get("auth_username"):
        keys.append(SMTP_PASSWORD_KEY)
    return keys


def team_receiver_name(team):
    return f"team-{team}"


def without_missing_secrets(settings, teams, environment, available):
    """(settings, teams, notes) with every receiver whose secret keys have no value left out.

    What routed to a platform receiver left out goes to the null receiver (nothing is sent); a team whose receiver is
    left out loses its team route, and its alerts follow the severity routes. ``notes`` says what fell back.
    """
    s = copy.deepcopy(DEFAULTS)
    s.update(copy.deepcopy(settings or {}))
    smtp = s.get("smtp") or {}
    have = set(available or [])
    notes, dropped, kept = [], set(), []
    for rec in s.get("receivers") or []:
        if isinstance(rec, dict) and isinstance(rec.get("name"), str):
            missing = [k for k in _keys_for(rec["name"], rec, smtp) if k not in have]
            if missing:
                dropped.add(rec["name"])
                notes.append(f"receiver {rec['name']} has no value for {', '.join(missing)}; its alerts go to the null receiver (nothing is sent)")
                continue
        kept.append(rec)
    s["receivers"] = kept
    if s.get("default_receiver") in dropped:
        s["default_receiver"] = NULL_RECEIVER
    if isinstance(s.get("severity_routes"), dict):
        s["severity_routes"] = {sev: (NULL_RECEIVER if rec in dropped else rec) for sev, rec in s["severity_routes"].items()}
    out = []
    for team in teams or []:
        spec = team.get("alerting") if isinstance(team, dict) else None
        if isinstance(spec, dict) and (not environment or environment in (team.get("environments") or [environment])):
            rname = team_receiver_name(team.get("name"))
            missing = [k for k in _keys_for(rname, spec, smtp) if k not in have]
            if missing:
                team = {k: v for k, v in team.items() if k != "alerting"}
                notes.append(f"receiver {rname} has no value for {', '.join(missing)}; its alerts follow the severity routes")
        out.append(team)
    return s, out, notes


def build_config(settings, teams=(), environment=None):
    """(alertmanager.yaml as a dict, sorted secret keys the configuration reads). ValidationError on bad input."""
    s = copy.deepcopy(DEFAULTS)
    s.update(copy.deepcopy(settings or {}))
    errs = Errors(prefix="alerting: ")
    errs.dns1123_subdomain("secret_name", s["secret_name"])
    for field in ("resolve_timeout", "group_wait", "group_interval", "repeat_interval"):
        errs.duration(field, s[field], units=("s", "m", "h"))
    errs.string_list("group_by", s["group_by"])
    smtp = s.get("smtp") or {}
    errs.mapping("smtp", smtp)
    names, keys, receivers = {NULL_RECEIVER}, set(), [{"name": NULL_RECEIVER}]
    for i, rec in enumerate(s.get("receivers") or []):
        field = f"receivers[{i}]"
        if not isinstance(rec, dict) or not is_dns1123_label(rec.get("name")):
            errs.add(f"{field}.name", rec.get("name") if isinstance(rec, dict) else rec, "a receiver name (DNS-1123 label)")
            continue
        if rec["name"] in names or rec["name"].startswith("team-"):
            errs.add(f"{field}.name", rec["name"], "a unique name that does not start with 'team-' (reserved for team receivers)")
            continue
        n = len(errs)
        _check_integrations(errs, field, rec, smtp)
        names.add(rec["name"])
        if len(errs) == n:
            receivers.append(_integrations(rec["name"], rec, s["secret_name"], smtp))
            keys.update(_keys_for(rec["name"], rec, smtp))
    team_routes = []
    for team in teams or []:
        if not isinstance(team, dict) or not team.get("alerting"):
            continue
        if environment and environment not in (team.get("environments") or [environment]):
            continue
        tname, spec = team.get("name"), team["alerting"]
        field = f"team {tname!r} alerting"
        if not is_dns1123_label(tname) or not errs.mapping(field, spec):
            continue
        severities = spec.get("severities", ["critical", "warning"])
        if not errs.string_list(f"{field}.severities", severities) or not all(errs.one_of(f"{field}.severities", v, SEVERITIES) for v in severities):
            continue
        n = len(errs)
        _check_integrations(errs, field, spec, smtp)
        if len(errs) > n:
            continue
        rname = team_receiver_name(tname)
        receivers.append(_integrations(rname, spec, s["secret_name"], smtp))
        keys.update(_keys_for(rname, spec, smtp))
        names.add(rname)
        route = {"receiver": rname, "matchers": [f'team="{tname}"', f'severity=~"{"|".join(severities)}"']}
        if spec.get("continue"):
            route["continue"] = True
        team_routes.append(route)
    errs.require(s["default_receiver"] in names, "default_receiver", s["default_receiver"], f"one of the receivers ({', '.join(sorted(names))})")
    sev_routes = s.get("severity_routes") or {}
    if errs.mapping("severity_routes", sev_routes):
        for sev, rec in sev_routes.items():
            errs.one_of(f"severity_routes.{sev} (severity)", sev, SEVERITIES)
            errs.require(rec in names, f"severity_routes.{sev}", rec, f"one of the receivers ({', '.join(sorted(names))})")
    errs.raise_if_any(ValidationError)

    routes = [{"receiver": NULL_RECEIVER, "matchers": [f'alertname=~"{"|".join(QUIET_ALERTS)}"']}]
    routes += team_routes
    routes += [{"receiver": rec, "matchers": [f'severity="{sev}"']} for sev, rec in sorted(sev_routes.items(), key=lambda kv: SEVERITIES.index(kv[0]))]
    glob = {"resolve_timeout": s["resolve_timeout"]}
    if smtp:
        glob.update({"smtp_smarthost": smtp["smarthost"], "smtp_from": smtp["from"], "smtp_require_tls": bool(smtp.get("require_tls", True))})
        if smtp.get("auth_username"):
            glob["smtp_auth_username"] = smtp["auth_username"]
    config = {
        "global": glob,
        "route": {
            "receiver": s["default_receiver"],
            "group_by": list(s["group_by"]),
            "group_wait": s["group_wait"],
            "group_interval": s["group_interval"],
            "repeat_interval": s["repeat_interval"],
            "routes": routes,
        },
        "receivers": receivers,
        "inhibit_rules": [
            {
                "source_matchers": ['severity="critical"'],
                "target_matchers": ['severity=~"warning|info"'],
                "equal": list(INHIBIT_EQUAL),
            }
        ],
        "templates": ["/etc/alertmanager/config/*.tmpl"],
    }
    return config, sorted(keys)


# -- evaluating matchers and inhibit rules like Alertmanager ------------------------------------------
def parse_matcher(text):
    m = _MATCHER_RE.match(text)
    if not m:
        raise ValueError(f'matcher {text!r}: expected name="value" with one of = != =~ !~')
    return m.group(1), m.group(2), m.group(3).encode().decode("unicode_escape")


def matches(matchers, labels):
    """True when every matcher matches ``labels`` (a missing label is the empty string; regexes are anchored)."""
    for text in matchers:
        name, op, value = parse_matcher(text)
        have = labels.get(name, "")
        if op == "=" and have != value or op == "!=" and have == value:
            return False
        if op in ("=~", "!~") and (re.fullmatch(value, have) is not None) != (op == "=~"):
            return False
    return True


def inhibited(config, alerts):
    """For each firing alert (a label dict), the inhibit rule index silencing it, or None.

    Alertmanager's rule: the target matches target_matchers, some *other* firing alert matches source_matchers,
    and both have equal values (missing counts as empty) for every label in ``equal``.
    """
    out = []
    for target in alerts:
        hit = None
        for i, rule in enumerate(config.get("inhibit_rules") or []):
            if not matches(rule.get("target_matchers", []), target):
                continue
            for source in alerts:
                if source is target or source == target or not matches(rule.get("source_matchers", []), source):
                    continue
                if all(source.get(lbl, "") == target.get(lbl, "") for lbl in rule.get("equal", [])):
                    hit = i
                    break
            if hit is not None:
                break
        out.append(hit)
    return out


def route_for(config, labels):
    """Receivers an alert reaches (first matching child route, recursively; ``continue`` goes on)."""

    def walk(route):
        got = []
        for child in route.get("routes") or []:
            if matches(child.get("matchers", []), labels):
                got += walk(child) or [child["receiver"]]
                if not child.get("continue"):
                    return got
        return got

    return walk(config["route"]) or [config["route"]["receiver"]]
