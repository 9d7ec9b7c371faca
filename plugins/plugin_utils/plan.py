# Copyright: (c) 2026, platform.runtime contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole-run plan of the platform.runtime.platform_plan callback: task results in, one plan per cluster out.

Pure logic, no Ansible objects: the callback hands in plain result mappings with the task's role and name.
"""

from __future__ import annotations

PREFIX = "platform.runtime."
# Roles that provide the cluster: one "cluster" section whatever the provider.
CLUSTER_ROLES = ("envtest_cluster", "kind_cluster", "eks_cluster")
# Roles that only read or check: shown only when a task of theirs changed something (the report file, for example).
QUIET_ROLES = ("validate_inventory", "platform_verify")
ACTIONS = ("created", "changed", "pruned")
# Summary keys of the collection's apply modules (manifest_apply, flux_install, gatekeeper_policy,
# namespace_onboarding) and the plan's action each one is.
SUMMARY_KEYS = {"created": "created", "updated": "changed", "replaced": "changed", "pruned": "pruned", "deleted": "pruned"}
WORDS = {
    True: {"created": "to create", "changed": "to change", "pruned": "to prune", "other": "other change"},
    False: {"created": "created", "changed": "changed", "pruned": "pruned", "other": "other change"},
}
MARKS = {"created": "+", "changed": "~", "pruned": "-", "other": "*"}


def component_of(role, action=None):
    """The plan section of a task: its role (cluster roles as ``cluster``, the onboarding as ``onboarding``), else its
    module's short name."""
    name = (role or "").removeprefix(PREFIX)
    if name in CLUSTER_ROLES:
        return "cluster"
    if name == "namespace_onboarding":
        return "onboarding"
    if name:
        return name
    return (action or "tasks").removeprefix(PREFIX).removeprefix("ansible.builtin.")


def _empty():
    return {"created": [], "changed": [], "pruned": [], "other": [], "failed": []}


class Plan:
    """Changes per cluster (Ansible host), per component and per team, in the order the run met them."""

    def __init__(self):
        self.hosts = {}

    def _host(self, host):
        return self.hosts.setdefault(host, {"components": {}, "teams": {}})

    def _section(self, host, component):
        return self._host(host)["components"].setdefault(component, _empty())

    def add(self, host, role, action, task, result):
        """One task result (a mapping; for a loop, one item's result)."""
        component = component_of(role, action)
        quiet = (role or "").removeprefix(PREFIX) in QUIET_ROLES or not role
        changed = bool(result.get("changed"))
        if quiet and not changed:
            return
        section = self._section(host, component)
        summary = result.get("summary")
        if isinstance(summary, dict):
            in_teams = self._add_teams(host, result.get("teams"))
            for key, bucket in SUMMARY_KEYS.items():
                for ref in summary.get(key) or []:
                    if ref not in in_teams and ref not in section[bucket]:
                        section[bucket].append(ref)
            return
        if changed:
            hidden = " (details hidden: no_log)" if result.get("censored") else ""
            section["other"].append(f"{task}{hidden}")

    def _add_teams(self, host, teams):
        seen = set()
        for name, change in (teams or {}).items():
            entry = self._host(host)["teams"].setdefault(name, dict(_empty(), namespaces=[]))
            for ns in change.get("namespaces") or []:
                if ns not in entry["namespaces"]:
                    entry["namespaces"].append(ns)
            for bucket in ACTIONS:
                for ref in change.get(bucket) or []:
                    seen.add(ref)
                    if ref not in entry[bucket]:
                        entry[bucket].append(ref)
        return seen

    def fail(self, host, role, action, task, message):
        """A failed task: the plan names where the run stopped."""
        section = self._section(host, component_of(role, action))
        section["failed"].append(f"{task}: {message}" if message else task)

    def as_dict(self):
        return self.hosts


def counts(entry, check):
    words = WORDS[check]
    parts = [f"{len(entry[a])} {words[a]}" for a in ACTIONS if entry.get(a)]
    if entry.get("other"):
        n = len(entry["other"])
        parts.append(f"{n} {words['other']}{'s' if n > 1 else ''}")
    if entry.get("failed"):
        parts.append("FAILED")
    return ", ".join(parts) or ("nothing to change" if check else "unchanged")


def _refs(entry, limit):
    lines = []
    for action in ACTIONS + ("other",):
        refs = entry.get(action) or []
        for ref in refs[:limit]:
            lines.append(f"      {MARKS[action]} {ref}")
        if len(refs) > limit:
            lines.append(f"      {MARKS[action]} ... and {len(refs) - limit} more")
    lines.extend(f"      ! {msg}" for msg in entry.get("failed") or [])
    return lines


def render(hosts, check, limit=20):
    """The plan as lines: per cluster, each component then each team, with counts and the object references
    (``+`` create, ``~`` change, ``-`` prune, ``*`` another change, ``!`` a failure)."""
    title = "PLATFORM PLAN (--check: what the run would do)" if check else "PLATFORM CHANGES (what the run did)"
    lines = [title]
    if not hosts:
        lines.append("  no platform task ran")
    for host, data in hosts.items():
        lines.append(f"{host}:")
        width = max([len(c) for c in data["components"]] + [len(t) + 5 for t in data["teams"]] + [12])
        for name, entry in data["components"].items():
            lines.append(f"  {name:<{width}}  {counts(entry, check)}")
            lines.extend(_refs(entry, limit))
        if data["teams"]:
            lines.append("  teams:")
            for name, entry in sorted(data["teams"].items()):
                ns = ", ".join(entry["namespaces"]) or "no namespace here"
                lines.append(f"    {name:<{width - 2}}  {counts(entry, check)}  ({ns})")
                lines.extend(_refs(entry, limit))
    return lines
